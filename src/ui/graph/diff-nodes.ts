// The step diff on the canvas, as plain data: ghost boxes for the nodes a step removed (where they
// stood in the previous step's layout), and where each node starts its move when a step is shown
// (where it was on screen, or, for a new node, where the nodes it was made from stood).
import type { Node as FlowNode } from '@xyflow/react';
import { opFlowId, type FlowGraph, type KilnFlowNode } from './to-flow.ts';
import type { Positions } from './use-layout.ts';

export interface GhostNodeData extends Record<string, unknown> {
  readonly nodeId: string;
  readonly opType: string;
  readonly selected: boolean;
}

export type GhostFlowNode = FlowNode<GhostNodeData, 'ghost'>;

export const ghostFlowId = (nodeId: string) => `g:${nodeId}`;

export interface PreviousLayout {
  readonly flow: FlowGraph;
  readonly positions: Positions;
}

/** One ghost per removed node that had a box in the previous layout. */
export function ghostNodes(removed: readonly { id: string; opType: string }[], prev: PreviousLayout, selected: ReadonlySet<string>): GhostFlowNode[] {
  const boxes = new Map(prev.flow.nodes.map((n) => [n.id, n]));
  const ghosts: GhostFlowNode[] = [];
  for (const r of removed) {
    const box = boxes.get(opFlowId(r.id));
    const position = prev.positions[opFlowId(r.id)];
    if (!box || !position) continue;
    ghosts.push({
      id: ghostFlowId(r.id),
      type: 'ghost',
      position,
      width: box.width ?? 0,
      height: box.height ?? 0,
      selectable: false,
      zIndex: -1,
      data: { nodeId: r.id, opType: r.opType, selected: selected.has(r.id) },
    });
  }
  return ghosts;
}

/**
 * Where nodes start moving from: their position on screen when they were already shown, else the
 * center of their provenance nodes in the previous layout. Nodes with neither just appear.
 */
export function startPositions(nodes: readonly KilnFlowNode[], shown: Positions | undefined, prev: Positions | undefined, provenance: (nodeId: string) => readonly string[] | undefined): Record<string, { x: number; y: number }> {
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) {
    const was = shown?.[n.id];
    if (was) {
      out[n.id] = was;
      continue;
    }
    if (n.type !== 'op' || !prev) continue;
    const from = (provenance(n.data.nodeId) ?? []).map((id) => prev[opFlowId(id)]).filter((p): p is { x: number; y: number } => !!p);
    if (from.length) out[n.id] = { x: from.reduce((s, p) => s + p.x, 0) / from.length, y: from.reduce((s, p) => s + p.y, 0) / from.length };
  }
  return out;
}
