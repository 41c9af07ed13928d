// Which kernel the WGSL pane shows: the kernel last picked from the breakdown when it computes a
// selected node, else the first kernel of the first selected node. The plan comes from the last
// run of the shown model, or is asked of the GPU worker (lowering only) when there is none.
import { useEffect } from 'react';
import { indexGraph } from '../../ir/graph.ts';
import type { Model } from '../../ir/types.ts';
import type { KernelInfo, KernelPlan } from '../../webgpu-backend/compile.ts';
import { planShownModel } from '../commands/backend-facts.ts';
import { describeRole, nodeRoles } from '../run/node-kernels.ts';
import { currentModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';

export type KernelChoice =
  | { readonly kind: 'waiting'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'empty'; readonly message: string }
  | { readonly kind: 'kernel'; readonly nodeId: string; readonly kernel: KernelInfo; readonly index: number; readonly alternatives: readonly KernelInfo[]; readonly source: string };

function usePlan(model: Model | undefined): { plan?: KernelPlan; source: string; status: 'waiting' | 'ready' | 'error'; message?: string } {
  const run = useKiln((s) => s.run);
  const shownPlan = useKiln((s) => s.shownPlan);
  const fromRun = model && run.model === model && run.plan ? run.plan : undefined;
  const planned = shownPlan?.model === model ? shownPlan : undefined;
  // A run of this model that is still compiling brings its plan with it.
  const compiling = model !== undefined && run.model === model && run.status === 'running' && !run.plan;
  useEffect(() => {
    if (model && !fromRun && !planned && !compiling) void planShownModel();
  }, [model, fromRun, planned, compiling]);
  if (fromRun) return { plan: fromRun, source: 'as compiled by the last run', status: 'ready' };
  if (compiling && !planned?.result) return { source: '', status: 'waiting' };
  if (planned?.status === 'error') return { source: '', status: 'error', message: planned.message ?? 'Cannot plan this model' };
  if (planned?.result) {
    const source = planned.result.profile === 'device' ? 'planned for this device (not run)' : 'planned for a default GPU profile: no WebGPU device here';
    return { plan: planned.result.plan, source, status: 'ready' };
  }
  return { source: '', status: 'waiting' };
}

export function useKernelChoice(): KernelChoice {
  const model = useKiln(currentModel);
  const selectedIds = useKiln((s) => s.selectedIds);
  const focus = useKiln((s) => s.kernelFocus);
  const support = useKiln((s) => s.support);
  const { plan, source, status, message } = usePlan(model);
  if (!model) return { kind: 'empty', message: 'No model is open.' };
  const present = selectedIds.filter((id) => indexGraph(model.graph).nodeById.has(id));
  const unsupported = support?.model === model ? support.nodes : [];
  const first = present[0];
  if (first && unsupported.some((u) => u.nodeId === first)) {
    const reason = unsupported.find((u) => u.nodeId === first)!.reason;
    return { kind: 'empty', message: `No kernel: Kiln's WebGPU backend cannot run '${first}' yet (${reason}).` };
  }
  if (status === 'error') return { kind: 'error', message: message ?? 'Cannot plan this model' };
  if (!plan) return { kind: 'waiting', message: 'Lowering the shown model to kernels…' };
  if (!first) return { kind: 'empty', message: 'Select a node in the graph (or click a kernel bar in the Run panel) to see its WGSL.' };
  const focused = focus ? plan.kernels.findIndex((k) => k.id === focus && k.nodeIds.some((id) => present.includes(id))) : -1;
  if (focused >= 0) {
    const kernel = plan.kernels[focused]!;
    const nodeId = kernel.nodeIds.find((id) => present.includes(id))!;
    return { kind: 'kernel', nodeId, kernel, index: focused, alternatives: kernelsOf(plan, nodeId), source };
  }
  const role = nodeRoles(model.graph, plan).get(first);
  if (!role || role.kind !== 'kernel') return { kind: 'empty', message: `'${first}' runs no kernel: ${role ? describeRole(role) : 'not in the plan'}.` };
  const index = role.kernels[0]!;
  return { kind: 'kernel', nodeId: first, kernel: plan.kernels[index]!, index, alternatives: kernelsOf(plan, first), source };
}

function kernelsOf(plan: KernelPlan, nodeId: string): KernelInfo[] {
  return plan.kernels.filter((k) => k.nodeIds.includes(nodeId));
}
