// What Kiln's WebGPU backend does with the node: why it cannot run it yet (the badge's reason), or
// which kernel computes it and how long that kernel took in the last run, or why it runs none.
import type { Model, Node } from '../../ir/types.ts';
import { formatKernelMs, kernelLabel, kernelMedians } from '../run/kernel-breakdown.ts';
import { describeRole, nodeRoles } from '../run/node-kernels.ts';
import { currentModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';

export function BackendFacts({ model, node }: { model: Model; node: Node }) {
  const shown = useKiln(currentModel);
  const support = useKiln((s) => (s.support?.model === model ? s.support : undefined));
  const run = useKiln((s) => s.run);
  const shownPlan = useKiln((s) => (s.shownPlan?.model === model ? s.shownPlan.result?.plan : undefined));
  const reason = support?.nodes.find((u) => u.nodeId === node.id)?.reason;
  const plan = run.model === model && run.plan ? run.plan : shownPlan;
  const role = plan ? nodeRoles(model.graph, plan).get(node.id) : undefined;
  const medians = plan && run.model === model ? kernelMedians(plan.kernels.length, run.kernelMs ?? []) : [];
  const showWgsl = (id: string, nodeIds: readonly string[]) => useKiln.getState().focusKernel(id, nodeIds);
  // A removed node's ghost shows the model before the step: the backend's answers are about the shown one.
  if (model !== shown) return null;
  return (
    <section className="inspector__section" data-testid="backend-facts">
      <h3>WebGPU backend</h3>
      {reason !== undefined && (
        <p className="panel__error" data-testid="no-kernel-reason">
          No kernel yet: {reason}
        </p>
      )}
      {reason === undefined && !support && <p className="muted">Checking whether Kiln's kernels can run this node…</p>}
      {reason === undefined && support?.status === 'done' && !plan && <p className="muted">Kiln's kernels can run this node. Run the model (or open the WGSL tab) to see its kernel.</p>}
      {reason === undefined && support?.status === 'error' && <p className="muted">{support.message}</p>}
      {role && role.kind !== 'kernel' && <p className="muted" data-testid="node-role">{describeRole(role)}</p>}
      {role?.kind === 'kernel' && plan && (
        <ul className="link-list" data-testid="node-kernels">
          {role.kernels.map((i) => {
            const k = plan.kernels[i]!;
            return (
              <li key={k.id}>
                <button type="button" className="link" title="Show this kernel's WGSL" onClick={() => showWgsl(k.id, k.nodeIds)}>
                  {kernelLabel(k)}
                </button>{' '}
                <span className="mono muted">kernel {i}</span>
                {k.nodeIds.length > 1 && <span className="muted"> · fused with {k.nodeIds.filter((id) => id !== node.id).join(', ')}</span>}
                {medians[i] !== undefined && <span> · {formatKernelMs(medians[i]!)} median</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
