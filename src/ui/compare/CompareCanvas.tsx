// One column of the compare view: a pipeline's final graph. Every column shares one camera (the
// store's compareViewport) and one selection (see compare-selection.ts).
import { Background, Controls, ReactFlow, ReactFlowProvider, type Node } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { flowOf } from '../graph/flow-cache.ts';
import { markEdges } from '../graph/FlowView.tsx';
import { initialViewport } from '../graph/initial-viewport.ts';
import { IoNode } from '../graph/IoNode.tsx';
import { OpNode } from '../graph/OpNode.tsx';
import { opFlowId, type KilnFlowNode } from '../graph/to-flow.ts';
import { useLayout } from '../graph/use-layout.ts';
import type { CompareEntry } from '../../workers/protocol.ts';
import { useKiln } from '../store/store.ts';
import { selectedIn } from './compare-selection.ts';

const nodeTypes = { op: OpNode, io: IoNode };

export function CompareCanvas({ column, entry, title }: { column: number; entry: CompareEntry; title: string }) {
  const flow = flowOf(entry.final);
  const layout = useLayout(flow);
  const frame = useRef<HTMLDivElement>(null);
  const viewport = useKiln((s) => s.compareViewport);
  const selection = useKiln((s) => s.compareSelection);
  const results = useKiln((s) => s.compareResults);
  const selected = useMemo(() => new Set(selectedIn(column, selection, results)), [column, selection, results]);
  const positions = layout.positions;

  // The first column laid out sets the shared camera when nobody has moved it yet.
  useEffect(() => {
    const el = frame.current;
    if (!positions || !el || useKiln.getState().compareViewport) return;
    const boxes = flow.nodes.map((n) => ({ ...(positions[n.id] ?? { x: 0, y: 0 }), width: n.width ?? 0, height: n.height ?? 0 }));
    useKiln.getState().setCompareViewport(initialViewport(boxes, { width: el.clientWidth, height: el.clientHeight }));
  }, [positions, flow]);

  const nodes = useMemo(() => {
    if (!positions) return [];
    return flow.nodes.map((n) => {
      const placed = { ...n, position: positions[n.id] ?? { x: 0, y: 0 } } as KilnFlowNode;
      return n.type === 'op' && selected.has(n.data.nodeId) ? { ...placed, selected: true } : placed;
    });
  }, [flow, positions, selected]);
  const edges = useMemo(() => markEdges(flow.edges, new Set([...selected].map(opFlowId))), [flow, selected]);

  return (
    <div className="compare-canvas" data-testid="compare-canvas" data-column={column} data-status={layout.status === 'done' ? 'ready' : layout.status} data-selected-count={selected.size}>
      <div className="compare-canvas__title">
        {title} <span className="muted">· {entry.final.graph.nodes.length} nodes</span>
      </div>
      <div className="compare-canvas__frame" ref={frame}>
        {positions && viewport && (
          <ReactFlowProvider>
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              viewport={viewport}
              onViewportChange={(v) => useKiln.getState().setCompareViewport(v)}
              minZoom={0.05}
              maxZoom={2.5}
              nodesDraggable={false}
              nodesConnectable={false}
              onlyRenderVisibleElements={nodes.length > 250}
              onNodeClick={(_, node: Node) => {
                const n = node as KilnFlowNode;
                if (n.type === 'op') useKiln.getState().selectInCompare(column, [n.data.nodeId]);
              }}
              onPaneClick={() => useKiln.getState().selectInCompare(column, [])}
            >
              <Background gap={24} size={1} color="#d9dde3" />
              <Controls showInteractive={false} />
            </ReactFlow>
          </ReactFlowProvider>
        )}
        {layout.status === 'running' && <div className="graph__note">Laying out the graph…</div>}
        {layout.status === 'error' && <div className="graph__note graph__note--error">{layout.message}</div>}
      </div>
    </div>
  );
}
