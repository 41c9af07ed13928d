// The graph: the shown model mapped to React Flow (to-flow.ts), placed by the layout worker, and
// marked with the selection and the last pass's changes.
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef } from 'react';
import { currentHighlights, currentModel, modelFacts } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import type { Highlights } from '../steps/highlights.ts';
import { CATEGORY_COLORS } from './category-colors.ts';
import { initialViewport } from './initial-viewport.ts';
import { IoNode } from './IoNode.tsx';
import { OpNode, type MarkedOpNode } from './OpNode.tsx';
import { graphToFlow, opFlowId, type FlowGraph, type KilnFlowEdge, type KilnFlowNode } from './to-flow.ts';
import { useLayout } from './use-layout.ts';

const nodeTypes = { op: OpNode, io: IoNode };
/** Small graphs fit the canvas; a minimap there only covers nodes. */
const MINIMAP_FROM = 40;

export function GraphCanvas() {
  const model = useKiln(currentModel);
  const flow = useMemo(() => {
    if (!model) return undefined;
    const facts = modelFacts(model);
    return graphToFlow(model.graph, { types: facts.inference.types, unknown: facts.unknown });
  }, [model]);
  const layout = useLayout(flow);
  const status = !flow ? 'running' : layout.status === 'done' ? 'ready' : layout.status;

  return (
    <div className="graph" data-testid="graph" data-status={status}>
      {flow && layout.positions && (
        <ReactFlowProvider>
          {/* Remounting per graph gives each model a fresh camera that fits it. */}
          <FlowView key={flowKey(flow)} flow={flow} positions={layout.positions} />
        </ReactFlowProvider>
      )}
      {status === 'running' && <div className="graph__note">Laying out the graph…</div>}
      {layout.status === 'error' && <div className="graph__note graph__note--error">{layout.message}</div>}
    </div>
  );
}

interface FlowViewProps {
  readonly flow: FlowGraph;
  readonly positions: Readonly<Record<string, { x: number; y: number }>>;
}

function FlowView({ flow, positions }: FlowViewProps) {
  const selectedIds = useKiln((s) => s.selectedIds);
  const highlights = useKiln(currentHighlights);
  const focusRequest = useKiln((s) => s.focusRequest);
  const { fitView, setViewport } = useReactFlow();
  const frame = useRef<HTMLDivElement>(null);

  const placed = useMemo(() => flow.nodes.map((n) => ({ ...n, position: positions[n.id] ?? { x: 0, y: 0 } }) as KilnFlowNode), [flow, positions]);
  const nodes = useMemo(() => markNodes(placed, new Set(selectedIds), highlights), [placed, selectedIds, highlights]);
  const edges = useMemo(() => markEdges(flow.edges, new Set(selectedIds.map(opFlowId))), [flow, selectedIds]);

  const placeCamera = () => {
    const el = frame.current;
    if (!el) return;
    const boxes = placed.map((n) => ({ ...n.position, width: n.width ?? 0, height: n.height ?? 0 }));
    void setViewport(initialViewport(boxes, { width: el.clientWidth, height: el.clientHeight }));
  };

  useEffect(() => {
    if (focusRequest === 0) return;
    const ids = useKiln.getState().selectedIds.map(opFlowId).filter((id) => positions[id]);
    if (ids.length) void fitView({ nodes: ids.map((id) => ({ id })), duration: 300, padding: 0.5, maxZoom: 1.2 });
  }, [focusRequest, fitView, positions]);

  return (
    <div className="graph__frame" ref={frame}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onInit={placeCamera}
        minZoom={0.05}
        maxZoom={2.5}
        nodesDraggable={false}
        nodesConnectable={false}
        onlyRenderVisibleElements={placed.length > 250}
        onNodeClick={(_, node: Node) => {
          const flowNode = node as KilnFlowNode;
          if (flowNode.type === 'op') useKiln.getState().select([flowNode.data.nodeId]);
        }}
        onPaneClick={() => useKiln.getState().clearSelection()}
      >
        <Background gap={24} size={1} color="#d9dde3" />
        <Controls showInteractive={false} />
        {placed.length > MINIMAP_FROM && <MiniMap pannable zoomable nodeColor={(n) => ('category' in n.data ? CATEGORY_COLORS[(n as MarkedOpNode).data.category] : '#c8ccd2')} />}
      </ReactFlow>
    </div>
  );
}

const flowKeys = new WeakMap<FlowGraph, number>();
let flowCount = 0;
function flowKey(flow: FlowGraph): number {
  let k = flowKeys.get(flow);
  if (k === undefined) flowKeys.set(flow, (k = ++flowCount));
  return k;
}

/** New objects only for nodes whose marks changed, so React Flow re-renders just those. */
function markNodes(nodes: readonly KilnFlowNode[], selected: ReadonlySet<string>, h: Highlights | undefined): KilnFlowNode[] {
  return nodes.map((n) => {
    if (n.type !== 'op') return n;
    const id = n.data.nodeId;
    const change = h?.added.has(id) ? 'added' : h?.rewired.has(id) ? 'rewired' : h?.newWeightReaders.has(id) ? 'weights' : undefined;
    const isSelected = selected.has(id);
    if (!change && !isSelected) return n;
    return { ...n, selected: isSelected, data: { ...n.data, change } } as MarkedOpNode;
  });
}

function markEdges(edges: readonly KilnFlowEdge[], selected: ReadonlySet<string>): KilnFlowEdge[] {
  if (selected.size === 0) return edges as KilnFlowEdge[];
  return edges.map((e) => (selected.has(e.source) || selected.has(e.target) ? { ...e, className: 'edge--active', zIndex: 1 } : e));
}
