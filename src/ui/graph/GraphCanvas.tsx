// The graph: the shown model mapped to React Flow (to-flow.ts), placed by the layout worker, and
// marked with the selection and the shown step's diff (see FlowView).
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { currentModel, previousModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { flowOf } from './flow-cache.ts';
import { FlowView } from './FlowView.tsx';
import { HeatmapControl } from './HeatmapControl.tsx';
import { useLayout } from './use-layout.ts';

export function GraphCanvas() {
  const model = useKiln(currentModel);
  const before = useKiln(previousModel);
  const docKey = useKiln((s) => s.document?.key);
  const view = useKiln((s) => s.view);
  const flow = model ? flowOf(model) : undefined;
  const prevFlow = before ? flowOf(before) : undefined;
  const layout = useLayout(flow);
  // The previous step's layout places the removed nodes' ghosts.
  const prevLayout = useLayout(prevFlow);
  const prevReady = !prevFlow || prevLayout.status !== 'running';
  const status = !flow ? 'running' : layout.status === 'done' ? (prevReady ? 'ready' : 'running') : layout.status;

  return (
    <div className="graph" data-testid="graph" data-status={status} data-view={view}>
      {flow && model && layout.positions && (
        <ReactFlowProvider>
          {/* One camera per opened model: stepping keeps it; a new model gets a fresh one that fits. */}
          <FlowView key={docKey} model={model} flow={flow} positions={layout.positions} prev={prevFlow && prevLayout.positions ? { flow: prevFlow, positions: prevLayout.positions } : undefined} />
        </ReactFlowProvider>
      )}
      {flow && layout.positions && <HeatmapControl />}
      {layout.status === 'running' && <div className="graph__note">Laying out the graph…</div>}
      {layout.status === 'error' && <div className="graph__note graph__note--error">{layout.message}</div>}
    </div>
  );
}
