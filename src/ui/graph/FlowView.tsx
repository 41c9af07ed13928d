// One React Flow canvas for the shown model: nodes marked with the selection and the step's
// changes, ghosts for removed nodes, and nodes moving from where they were to where they are.
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Node } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { indexGraph } from '../../ir/graph.ts';
import type { Model } from '../../ir/types.ts';
import type { Highlights } from '../steps/highlights.ts';
import { currentHighlights } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { CATEGORY_COLORS } from './category-colors.ts';
import { ghostFlowId, ghostNodes, startPositions, type GhostFlowNode, type PreviousLayout } from './diff-nodes.ts';
import { GhostNode } from './GhostNode.tsx';
import { initialViewport } from './initial-viewport.ts';
import { IoNode } from './IoNode.tsx';
import { OpNode, type MarkedOpNode } from './OpNode.tsx';
import { opFlowId, type FlowGraph, type KilnFlowEdge, type KilnFlowNode } from './to-flow.ts';
import type { Positions } from './use-layout.ts';
import { useBackendMarks, type BackendMarks } from './use-backend-marks.ts';
import { useMorph } from './use-morph.ts';

const nodeTypes = { op: OpNode, io: IoNode, ghost: GhostNode };
/** Small graphs fit the canvas; a minimap there only covers nodes. */
const MINIMAP_FROM = 40;

interface FlowViewProps {
  readonly model: Model;
  readonly flow: FlowGraph;
  readonly positions: Positions;
  readonly prev: PreviousLayout | undefined;
}

export function FlowView({ model, flow, positions, prev }: FlowViewProps) {
  const selectedIds = useKiln((s) => s.selectedIds);
  const highlights = useKiln(currentHighlights);
  const focusRequest = useKiln((s) => s.focusRequest);
  const { fitView, setViewport } = useReactFlow();
  const frame = useRef<HTMLDivElement>(null);

  const provenance = (id: string) => indexGraph(model.graph).nodeById.get(id)?.provenance;
  const morph = useMorph(flow, positions, flow.nodes.length, (shown) => startPositions(flow.nodes, shown, prev?.positions, provenance));
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const ghosts = useMemo(() => (highlights && prev ? ghostNodes(highlights.removed, prev, selected) : []), [highlights, prev, selected]);
  const placed = useMemo(() => flow.nodes.map((n) => ({ ...n, position: morph.positions[n.id] ?? { x: 0, y: 0 } }) as KilnFlowNode), [flow, morph.positions]);
  const backend = useBackendMarks(model);
  const nodes = useMemo(() => [...ghosts, ...markNodes(placed, selected, highlights, backend)], [ghosts, placed, selected, highlights, backend]);
  const edges = useMemo(() => markEdges(flow.edges, new Set(selectedIds.map(opFlowId))), [flow, selectedIds]);

  const placeCamera = () => {
    const el = frame.current;
    if (!el) return;
    const boxes = flow.nodes.map((n) => ({ ...(positions[n.id] ?? { x: 0, y: 0 }), width: n.width ?? 0, height: n.height ?? 0 }));
    void setViewport(initialViewport(boxes, { width: el.clientWidth, height: el.clientHeight }));
  };

  useEffect(() => {
    if (focusRequest === 0) return;
    const ids = useKiln.getState().selectedIds.flatMap((id) => (positions[opFlowId(id)] ? [opFlowId(id)] : ghosts.some((g) => g.id === ghostFlowId(id)) ? [ghostFlowId(id)] : []));
    if (ids.length) void fitView({ nodes: ids.map((id) => ({ id })), duration: 300, padding: 0.5, maxZoom: 1.2 });
    // Only a new focus request moves the camera, not a new step or new ghosts.
  }, [focusRequest]);

  return (
    <div className={`graph__frame${morph.moving ? ' graph__frame--morph' : ''}`} ref={frame}>
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
          const n = node as KilnFlowNode | GhostFlowNode;
          if (n.type === 'op' || n.type === 'ghost') useKiln.getState().select([n.data.nodeId]);
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

/** New objects only for nodes whose marks changed, so React Flow re-renders just those. */
function markNodes(nodes: readonly KilnFlowNode[], selected: ReadonlySet<string>, h: Highlights | undefined, backend: BackendMarks): KilnFlowNode[] {
  return nodes.map((n) => {
    if (n.type !== 'op') return n;
    const id = n.data.nodeId;
    const change = h?.added.has(id) ? 'added' : h?.rewired.has(id) ? 'rewired' : h?.newWeightReaders.has(id) ? 'weights' : undefined;
    const isSelected = selected.has(id);
    const noKernel = backend.noKernel.get(id);
    const heat = backend.heat?.marks.get(id);
    if (!change && !isSelected && !noKernel && !heat) return n;
    return { ...n, selected: isSelected, data: { ...n.data, change, noKernel, heat } } as MarkedOpNode;
  });
}

export function markEdges(edges: readonly KilnFlowEdge[], selected: ReadonlySet<string>): KilnFlowEdge[] {
  if (selected.size === 0) return edges as KilnFlowEdge[];
  return edges.map((e) => (selected.has(e.source) || selected.has(e.target) ? { ...e, className: 'edge--active', zIndex: 1 } : e));
}
