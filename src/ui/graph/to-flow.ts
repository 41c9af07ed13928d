// Kiln graph -> React Flow nodes and edges. Pure: no React, no DOM, so it is unit-tested in Node
// and the e2e tests compute expected counts with it.
//
// Constant nodes that only feed other nodes are drawn the way Netron draws them: as weight rows
// on their consumers, next to the initializers. A model like PaddleOCR has hundreds of them, and
// as boxes they would double the canvas without saying anything. Dead constants and constants that
// are graph outputs keep their box, so what cleanup passes remove stays visible.
import type { Edge, Node as FlowNode } from '@xyflow/react';
import { indexGraph, qualifiedOpType } from '../../ir/graph.ts';
import { lookupOp } from '../../ir/ops/registry.ts';
import { isFusedKernel } from '../../passes/metrics/fused-kernels.ts';
import type { OpCategory } from '../../ir/ops/schema.ts';
import type { Graph, Node, ValueType } from '../../ir/types.ts';
import { formatDims, formatShapeOf, plural } from '../format/values.ts';

export interface WeightRow {
  /** Short label (last segment of the value name); the full name goes in the tooltip. */
  readonly label: string;
  readonly valueName: string;
  readonly dims: string;
  /** Id of the Constant node drawn as this row, when it is one. */
  readonly constantNodeId?: string;
}

export interface OpNodeData extends Record<string, unknown> {
  readonly nodeId: string;
  readonly opType: string;
  readonly name: string;
  readonly category: OpCategory | 'unknown';
  readonly unsupported: boolean;
  /** A fused kernel (contrib or Kiln op, or made from several nodes): drawn with the fused look. */
  readonly fused: boolean;
  /** How many nodes a pass made this one from (0 for nodes of the file). */
  readonly madeFrom: number;
  readonly weights: readonly WeightRow[];
  /** Weight rows beyond the ones drawn. */
  readonly hiddenWeights: number;
}

export interface IoNodeData extends Record<string, unknown> {
  readonly direction: 'input' | 'output';
  readonly valueName: string;
  readonly dims: string;
}

export type OpFlowNode = FlowNode<OpNodeData, 'op'>;
export type IoFlowNode = FlowNode<IoNodeData, 'io'>;
export type KilnFlowNode = OpFlowNode | IoFlowNode;
export type KilnFlowEdge = Edge<{ valueName: string }>;

export interface NodeCounts {
  /** Nodes of the graph (every node, constants included). */
  readonly nodes: number;
  /** Constant nodes drawn as weight rows instead of boxes. */
  readonly constantsAsWeights: number;
  /** Distinct op types. */
  readonly opTypes: number;
}

export interface FlowGraph {
  readonly nodes: readonly KilnFlowNode[];
  readonly edges: readonly KilnFlowEdge[];
  readonly counts: NodeCounts;
}

export const NODE_WIDTH = 200;
const HEADER_HEIGHT = 44;
const ROW_HEIGHT = 17;
const MAX_WEIGHT_ROWS = 4;
export const IO_NODE_SIZE = { width: 160, height: 40 } as const;

export const opFlowId = (nodeId: string) => `n:${nodeId}`;
export const inputFlowId = (value: string) => `i:${value}`;
export const outputFlowId = (value: string) => `o:${value}`;

/** Height of an op box with `rows` weight rows (plus a "+k more" row when some are hidden). */
export function opNodeHeight(rows: number, hidden: number): number {
  return HEADER_HEIGHT + (rows + (hidden > 0 ? 1 : 0)) * ROW_HEIGHT + (rows > 0 ? 6 : 0);
}

function shortLabel(name: string): string {
  const parts = name.split(/[/.:]/).filter(Boolean);
  return parts[parts.length - 1] ?? name;
}

/** Constants worth folding into weight rows: default-domain Constant with readers, not a graph output. */
export function constantsShownAsWeights(g: Graph): Set<string> {
  const { consumers, output } = indexGraph(g);
  const ids = new Set<string>();
  for (const n of g.nodes) {
    if (n.opType !== 'Constant' || (n.domain !== '' && n.domain !== 'ai.onnx')) continue;
    const out = n.outputs[0];
    if (!out || n.outputs.length !== 1 || output.has(out) || !(consumers.get(out)?.length)) continue;
    ids.add(n.id);
  }
  return ids;
}

export function countNodes(g: Graph): NodeCounts {
  return {
    nodes: g.nodes.length,
    constantsAsWeights: constantsShownAsWeights(g).size,
    opTypes: new Set(g.nodes.map(qualifiedOpType)).size,
  };
}

/** `672 nodes (342 constants shown as weights)`: the count the status bar shows. */
export function describeNodeCount(c: NodeCounts): string {
  const base = plural(c.nodes, 'node');
  if (c.constantsAsWeights === 0) return base;
  const k = c.constantsAsWeights;
  return `${base} (${k === 1 ? '1 constant shown as a weight' : `${k} constants shown as weights`})`;
}

export interface FlowOptions {
  /** Inferred (or declared) types by value name, for edge labels and weight dims. */
  readonly types: ReadonlyMap<string, ValueType>;
  /** Ids of nodes whose op Kiln does not know. */
  readonly unknown: ReadonlySet<string>;
}

export function graphToFlow(g: Graph, { types, unknown }: FlowOptions): FlowGraph {
  const index = indexGraph(g);
  const folded = constantsShownAsWeights(g);
  const nodes: KilnFlowNode[] = [];
  const edges: KilnFlowEdge[] = [];
  const position = { x: 0, y: 0 };
  const dimsOf = (value: string) => formatShapeOf(types.get(value), true) ?? '?';

  for (const v of g.inputs) {
    if (index.initializer.has(v.name)) continue;
    nodes.push({ id: inputFlowId(v.name), type: 'io', position, ...IO_NODE_SIZE, data: { direction: 'input', valueName: v.name, dims: dimsOf(v.name) } });
  }

  for (const n of g.nodes) {
    if (folded.has(n.id)) continue;
    const weights = weightRows(n);
    const shown = weights.slice(0, MAX_WEIGHT_ROWS);
    const hidden = weights.length - shown.length;
    nodes.push({
      id: opFlowId(n.id),
      type: 'op',
      position,
      width: NODE_WIDTH,
      height: opNodeHeight(shown.length, hidden),
      data: {
        nodeId: n.id,
        opType: qualifiedOpType(n),
        name: n.name,
        category: lookupOp(n.domain, n.opType)?.category ?? (isFusedKernel(n) && !unknown.has(n.id) ? 'fused' : 'unknown'),
        unsupported: unknown.has(n.id),
        fused: isFusedKernel(n),
        madeFrom: n.provenance?.length ?? 0,
        weights: shown,
        hiddenWeights: hidden,
      },
    });
    for (const value of new Set(n.inputs)) {
      if (!value || index.initializer.has(value)) continue;
      const producer = index.producer.get(value);
      let source: string | undefined;
      if (producer) source = folded.has(producer.id) ? undefined : opFlowId(producer.id);
      else if (index.input.has(value)) source = inputFlowId(value);
      if (source) edges.push(flowEdge(source, opFlowId(n.id), value, dimsOf(value)));
    }
  }

  for (const v of g.outputs) {
    const id = outputFlowId(v.name);
    nodes.push({ id, type: 'io', position, ...IO_NODE_SIZE, data: { direction: 'output', valueName: v.name, dims: dimsOf(v.name) } });
    const producer = index.producer.get(v.name);
    const source = producer ? opFlowId(producer.id) : index.input.has(v.name) ? inputFlowId(v.name) : undefined;
    if (source) edges.push(flowEdge(source, id, v.name, dimsOf(v.name)));
  }

  return { nodes, edges, counts: countNodes(g) };

  function weightRows(n: Node): WeightRow[] {
    const rows: WeightRow[] = [];
    for (const value of new Set(n.inputs)) {
      if (!value) continue;
      const init = index.initializer.get(value);
      const producer = index.producer.get(value);
      if (init) rows.push({ label: shortLabel(value), valueName: value, dims: formatDims(init.dims) });
      else if (producer && folded.has(producer.id)) {
        const dims = constantDims(producer);
        rows.push({ label: shortLabel(value), valueName: value, dims: dims ? formatDims(dims) : dimsOf(value), constantNodeId: producer.id });
      }
    }
    return rows;
  }
}

/** Dims of a Constant's value, read from whichever value_* attribute it carries. */
function constantDims(n: Node): readonly number[] | undefined {
  const a = n.attributes[0];
  if (!a) return undefined;
  if (a.type === 'tensor') return a.value.dims;
  if (a.type === 'ints' || a.type === 'floats' || a.type === 'strings') return [a.value.length];
  if (a.type === 'int' || a.type === 'float' || a.type === 'string') return [];
  return undefined;
}

function flowEdge(source: string, target: string, valueName: string, dims: string): KilnFlowEdge {
  return { id: `${source}->${target}:${valueName}`, source, target, label: dims, data: { valueName } };
}
