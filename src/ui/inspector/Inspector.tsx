// The right panel: the selected node, several selected nodes, or the model when none is.
import { indexGraph } from '../../ir/graph.ts';
import { currentModel, previousModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { ModelSummary } from './ModelSummary.tsx';
import { NodeDetails } from './NodeDetails.tsx';

export function Inspector() {
  const model = useKiln(currentModel);
  const before = useKiln(previousModel);
  const selectedIds = useKiln((s) => s.selectedIds);
  const select = useKiln((s) => s.select);
  const status = !model ? 'running' : 'ready';
  let body: React.ReactNode = null;
  if (model) {
    const byId = indexGraph(model.graph).nodeById;
    const present = selectedIds.filter((id) => byId.has(id));
    const only = present.length === 1 ? byId.get(present[0]!) : undefined;
    if (only) body = <NodeDetails model={model} node={only} />;
    else if (present.length > 1) {
      body = (
        <section className="inspector__section">
          <h3>{present.length} nodes selected</h3>
          <ul className="link-list">
            {present.map((id) => (
              <li key={id}>
                <button type="button" className="link" onClick={() => select([id], { focus: true })}>
                  {byId.get(id)!.opType} <span className="mono muted">{id}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      );
    } else if (selectedIds.length === 1 && before && indexGraph(before.graph).nodeById.has(selectedIds[0]!)) {
      // A ghost: the node this step removed, as it was just before the step.
      body = (
        <>
          <p className="panel__note" data-testid="removed-note">Removed by this step; shown as it was before it.</p>
          <NodeDetails model={before} node={indexGraph(before.graph).nodeById.get(selectedIds[0]!)!} />
        </>
      );
    } else if (selectedIds.length > 0) body = <p className="muted inspector__empty">The selected node is not in the shown graph (a pass removed it).</p>;
    else body = <ModelSummary model={model} />;
  }
  return (
    <aside className="inspector panel" data-testid="inspector" data-status={status}>
      {body}
    </aside>
  );
}
