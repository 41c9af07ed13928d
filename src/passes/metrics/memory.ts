// Memory estimates from inferred static shapes: the bytes every node reads and writes, and the
// peak of live activation bytes over the topological order. Estimates, not measurements: a value
// whose shape is not static counts 0 bytes and is reported in `unsized`.
import { dtypeSize } from '../../ir/dtype.ts';
import { indexGraph, runtimeInputs, topologicalOrder } from '../../ir/graph.ts';
import type { Graph, Node, ValueType } from '../../ir/types.ts';

export type Types = ReadonlyMap<string, ValueType>;

/** A Constant node is a weight, not a kernel: it neither moves nor holds activation bytes. */
export function isConstantNode(n: Pick<Node, 'opType' | 'domain'>): boolean {
  return n.opType === 'Constant' && (n.domain === '' || n.domain === 'ai.onnx');
}

/** Sizes values by their inferred type, remembering which could not be sized. */
export class ValueSizes {
  readonly unsized = new Set<string>();
  constructor(private readonly types: Types) {}

  bytes(name: string): number {
    const t = this.types.get(name);
    if (!t || t.kind !== 'tensor' || !t.shape || !t.shape.every((d) => typeof d === 'number')) {
      this.unsized.add(name);
      return 0;
    }
    const elements = (t.shape as readonly number[]).reduce((a, b) => a * b, 1);
    return Math.ceil(elements * dtypeSize(t.dtype));
  }
}

/** Bytes read (each distinct input, weights included) plus bytes written, summed over every node. */
export function memoryTrafficBytes(g: Graph, sizes: ValueSizes): number {
  let total = 0;
  for (const n of g.nodes) {
    if (isConstantNode(n)) continue;
    for (const i of new Set(n.inputs)) if (i) total += sizes.bytes(i);
    for (const o of n.outputs) if (o) total += sizes.bytes(o);
  }
  return total;
}

/**
 * Largest sum of live activation bytes at any node of the topological order. Activations are the
 * graph's runtime inputs and the outputs of non-Constant nodes. A value lives from the node that
 * writes it (step 0 for graph inputs) to its last reader; graph outputs live to the last node; at
 * each node its inputs and outputs are live together.
 */
export function peakActivationBytes(g: Graph, sizes: ValueSizes): number {
  const topo = topologicalOrder(g);
  const order = 'order' in topo ? topo.order : g.nodes;
  const last = order.length - 1;
  const { initializer, output } = indexGraph(g);
  const first = new Map<string, number>();
  const end = new Map<string, number>();
  for (const v of runtimeInputs(g)) first.set(v.name, 0);
  order.forEach((n, t) => {
    if (isConstantNode(n)) return;
    for (const o of n.outputs) if (o && !first.has(o)) first.set(o, t);
  });
  order.forEach((n, t) => {
    for (const i of n.inputs) if (i && first.has(i) && !initializer.has(i)) end.set(i, Math.max(end.get(i) ?? 0, t));
  });
  // Each value's bytes enter at its first step and leave after its last.
  const delta = new Float64Array(order.length + 1);
  for (const [name, t0] of first) {
    const t1 = Math.max(t0, output.has(name) ? last : (end.get(name) ?? t0));
    const b = sizes.bytes(name);
    delta[t0] = delta[t0]! + b;
    delta[t1 + 1] = delta[t1 + 1]! - b;
  }
  let live = 0;
  let peak = 0;
  for (let t = 0; t < order.length; t++) {
    live += delta[t]!;
    peak = Math.max(peak, live);
  }
  return peak;
}
