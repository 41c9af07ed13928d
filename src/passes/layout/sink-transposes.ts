// sink-transposes: moves Transposes down through layout-agnostic ops (elementwise, Concat, Split,
// Pad, Resize, Slice, Reduce*, Softmax, Squeeze/Unsqueeze, …) until they meet an inverse Transpose
// and both disappear, the transpose optimization that makes to-nhwc pay off. Along the way it
// merges Transpose chains into one, folds Transposes of constants, shares twins, and turns a
// Transpose that moves only size-1 axes into a Reshape. What stays is explained as a near miss.
//
//   before: a = kiln.NhwcConv (x_nhwc, …);  b = Transpose <perm = [0,3,1,2]> (a);  c = Relu (b)
//           d = Transpose <perm = [0,2,3,1]> (c);  e = kiln.NhwcConv (d, …)
//   after:  a = kiln.NhwcConv (x_nhwc, …);  c_nhwc = Relu (a);  e = kiln.NhwcConv (c_nhwc, …)
//
// One topological sweep over a private mutable copy of the wiring (work-graph.ts), linear in the
// graph size; the result is written back through GraphEditor (commit.ts). Main graph only.
import { InputError } from '../../ir/errors.ts';
import { withGraph } from '../../ir/edit.ts';
import { nodeDependencies, topologicalOrder } from '../../ir/graph.ts';
import type { Graph, Node } from '../../ir/types.ts';
import { NO_CHANGES, type NearMiss, type Pass } from '../pass.ts';
import { defaultOpset, valueTypes } from '../support/constant-values.ts';
import { commitWorkGraph, planReplacements } from './commit.ts';
import { withInitializersListedAsInputs } from './initializer-inputs.ts';
import { removeUnused, SINK_RULES, transposesToReshapes } from './sink-fold.ts';
import { sinkHandler } from './sink-handlers.ts';
import { label, Sweep } from './sink-sweep.ts';
import { WorkGraph } from './work-graph.ts';

const isTranspose = (n: Pick<Node, 'opType' | 'domain'>) => n.opType === 'Transpose' && (n.domain === '' || n.domain === 'ai.onnx');

/** The nodes in topological order: as stored when they already are (GraphEditor keeps them so). */
function sortedNodes(g: Graph): readonly Node[] {
  const ready = new Set<string>([...g.inputs.map((v) => v.name), ...g.initializers.map((t) => t.name)]);
  const sorted = g.nodes.every((n) => {
    const ok = nodeDependencies(n).every((d) => ready.has(d));
    for (const o of n.outputs) ready.add(o);
    return ok;
  });
  if (sorted) return g.nodes;
  const r = topologicalOrder(g);
  if ('cycle' in r) throw new InputError(`graph '${g.name}' has a cycle through ${r.cycle.map((n) => n.id).join(' -> ')}`);
  return r.order;
}

/**
 * Values from which a path through ops a Transpose can move below reaches a place where moving it
 * pays: another Transpose (they cancel or merge), or an op where two Transposed inputs meet (one
 * Transpose after it replaces both). onnxruntime's optimizer looks only for the first kind.
 */
function leadsToTranspose(order: readonly Node[]): Set<string> {
  const carries = new Set<string>();
  for (const n of order) {
    if (isTranspose(n) || (sinkHandler(n) && n.inputs.some((i) => carries.has(i)))) for (const o of n.outputs) if (o) carries.add(o);
  }
  const leads = new Set<string>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    if (isTranspose(n)) leads.add(n.inputs[0] ?? '');
    else if (sinkHandler(n)) {
      const meet = new Set(n.inputs.filter((v) => carries.has(v))).size >= 2;
      if (meet || n.outputs.some((o) => leads.has(o))) for (const v of n.inputs) if (v) leads.add(v);
    }
  }
  return leads;
}

export const sinkTransposes: Pass = {
  id: 'sink-transposes',
  title: 'Sink and cancel Transposes',
  description: 'Moves Transposes down through layout-agnostic ops until inverse pairs cancel; merges, folds and simplifies the Transposes that remain.',
  run(model, ctx = {}) {
    const opset = defaultOpset(model);
    if (opset === undefined || !model.graph.nodes.some(isTranspose)) return { model, changes: NO_CHANGES };
    const order = sortedNodes(model.graph);
    let t = performance.now();
    const lap = (what: string) => {
      const now = performance.now();
      ctx.log?.(`sink-transposes: ${what} ${(now - t).toFixed(1)} ms`);
      t = now;
    };
    const types = valueTypes(model, ctx.log);
    lap('shape inference');
    const wg = new WorkGraph(model, opset, types);
    const sweep = new Sweep(wg, leadsToTranspose(order));
    for (const n of order) sweep.visit(wg.node(n.id)!);
    lap('sweep');
    const explanations = [...sweep.explanations, ...transposesToReshapes(wg, sweep.notes), ...removeUnused(wg)];
    lap('clean-up');

    const replacements = planReplacements(wg);
    const nearMisses: NearMiss[] = [];
    for (const n of wg.nodes) {
      if (n.removed || !isTranspose(n)) continue;
      const out = n.outputs[0]!;
      const nested = wg.consumers(out).find((c) => c.opaque);
      const reason = sweep.notes.get(n) ?? (nested ? `${label(nested)} reads it inside a subgraph` : wg.isGraphOutput(out) ? `it produces graph output ${out}` : undefined);
      if (reason) nearMisses.push({ rule: SINK_RULES.push, nodeId: wg.idOf(n), reason: `Transpose stays: ${reason}` });
    }
    if (!explanations.length) return { model, changes: { ...NO_CHANGES, nearMisses } };
    const { graph, record } = commitWorkGraph(wg, replacements);
    lap('commit');
    const result = withInitializersListedAsInputs(model, withGraph(model, graph));
    // Plain objects, with the ids the produced nodes have in the result (decided just now).
    const explained = explanations.map((e) => ({ rule: e.rule, message: e.message, matched: e.matched, produced: [...e.produced] }));
    return { model: result, changes: { ...record, explanations: explained, nearMisses } };
  },
};
