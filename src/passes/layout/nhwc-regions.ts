// The NHWC regions of a model after to-nhwc: connected groups of Kiln NHWC ops and the
// layout-agnostic ops between them (the ops sink-transposes moves Transposes through). Inside a
// region every layout change can cancel; only activations crossing its boundary need one. So the
// boundary crossings, computed from the graph's structure alone, bound how many Transposes
// sink-transposes should leave (ideally one per region input and one per region output).
import { indexGraph, topologicalOrder } from '../../ir/graph.ts';
import type { Model, Node } from '../../ir/types.ts';
import { constantInitializers } from '../support/constant-values.ts';
import { samePerm, TO_NCHW, TO_NHWC } from './perm.ts';
import { sinkHandler } from './sink-handlers.ts';

export interface NhwcRegion {
  readonly nodes: readonly string[];
  /** Activations read inside the region and made outside it (graph inputs included). */
  readonly entries: readonly string[];
  /** Activations made inside the region and read outside it (graph outputs included). */
  readonly exits: readonly string[];
}

const isNhwcOp = (n: Node) => n.domain === 'kiln' && n.opType.startsWith('Nhwc');

/** A 4-D layout Transpose, as to-nhwc places them. */
function isLayoutTranspose(n: Node): boolean {
  const perm = n.opType === 'Transpose' ? n.attributes.find((a) => a.name === 'perm') : undefined;
  return perm?.type === 'ints' && (samePerm(perm.value, TO_NHWC) || samePerm(perm.value, TO_NCHW));
}

/** Values computed from constants alone (weights, shape constants): never activations. */
export function constantDerived(model: Model): Set<string> {
  const g = model.graph;
  const out = new Set(constantInitializers(g, model.irVersion, true).map((t) => t.name));
  const sorted = topologicalOrder(g);
  for (const n of 'order' in sorted ? sorted.order : g.nodes) {
    if (n.inputs.every((i) => !i || out.has(i))) for (const o of n.outputs) if (o) out.add(o);
  }
  return out;
}

export function nhwcRegions(model: Model): NhwcRegion[] {
  const g = model.graph;
  const { producer, consumers } = indexGraph(g);
  const constant = constantDerived(model);
  const member = (n: Node | undefined): n is Node => !!n && !n.outputs.every((o) => !o || constant.has(o)) && (isNhwcOp(n) || isLayoutTranspose(n) || sinkHandler(n) !== undefined);
  const parent = new Map<Node, Node>();
  const find = (n: Node): Node => {
    let r = n;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(n, r);
    return r;
  };
  const members = g.nodes.filter(member);
  for (const n of members) parent.set(n, n);
  for (const n of members) {
    for (const i of n.inputs) {
      const p = i && !constant.has(i) ? producer.get(i) : undefined;
      if (member(p)) parent.set(find(n), find(p));
    }
  }
  const groups = new Map<Node, Node[]>();
  for (const n of members) {
    const root = find(n);
    const list = groups.get(root);
    if (list) list.push(n);
    else groups.set(root, [n]);
  }
  const outputs = new Set(g.outputs.map((o) => o.name));
  const regions: NhwcRegion[] = [];
  for (const nodes of groups.values()) {
    if (!nodes.some(isNhwcOp)) continue;
    const inside = new Set(nodes);
    const entries = new Set<string>();
    const exits = new Set<string>();
    for (const n of nodes) {
      for (const i of n.inputs) if (i && !constant.has(i) && !inside.has(producer.get(i)!)) entries.add(i);
      for (const o of n.outputs) if (o && (outputs.has(o) || (consumers.get(o) ?? []).some((c) => !inside.has(c)))) exits.add(o);
    }
    regions.push({ nodes: nodes.map((n) => n.id), entries: [...entries], exits: [...exits] });
  }
  return regions;
}
