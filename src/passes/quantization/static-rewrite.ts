// quantize-static's edit of one graph and, recursively, of the If/Loop/Scan bodies inside it: QDQ
// pairs on the planned activations, int8 weights behind DequantizeLinear, folded Relu/Clip, and
// every other reader of a quantized tensor rewired to the dequantized value.
//
// Inside a body everything new is local (QuantizeLinear/DequantizeLinear nodes, activation scales),
// named fresh in the whole model, except a weight's int8 copy: that goes where the float weight
// lives, so a weight of the main graph read in both branches of an If is stored once, and the float
// original is removed there once no graph reads it any more. A body is rewritten before the rest
// of its graph so that this removal sees what the rewritten bodies still read.
import { attrInt } from '../../ir/attributes.ts';
import { GraphEditor, type NewNode, type NodeIds } from '../../ir/edit.ts';
import { indexGraph } from '../../ir/graph.ts';
import type { Graph, Model, ValueType } from '../../ir/types.ts';
import type { NearMiss } from '../pass.ts';
import type { ValueNames } from '../rewrite/builder.ts';
import type { CalibrationTable, TensorRange } from './calibrate.ts';
import { asymmetricParams, scalarTensor, symmetricParams, type QuantParams, type QuantType } from './quant-params.ts';
import { inScope, ownerOf, rewriteBodiesIn, whyNotConstantIn, type GraphScope } from './scopes.ts';
import { planStatic, type StaticPlan } from './static-plan.ts';
import { dequantized, quantizeBias, storeWeight, type QdqWriter, type StoredWeight, type WeightQdq } from './static-weights.ts';
import { removeUnreadConstants } from './unread-constants.ts';

export interface StaticSettings {
  readonly table: CalibrationTable;
  readonly type: QuantType;
  readonly ops: ReadonlySet<string>;
  readonly foldActivations: boolean;
}

/** What one graph's rewrite did, for the explanations. */
export interface ScopeResult {
  readonly scope: GraphScope;
  /** Pre-order position of the graph (the main graph first, a body before the rest of its graph's). */
  readonly order: number;
  readonly plan: StaticPlan;
  readonly weights: readonly WeightQdq[];
  readonly biases: readonly WeightQdq[];
}

export interface StaticRun extends StaticSettings {
  readonly model: Model;
  readonly types: ReadonlyMap<string, ValueType>;
  readonly ids: NodeIds;
  readonly names: ValueNames;
  /** Editors of the graphs being rewritten (the scope and its enclosing ones), by scope key. */
  readonly editors: Map<string, GraphEditor>;
  /** int8 copies by owner scope key, weight name and axis: one per weight and axis in the model. */
  readonly stored: Map<string, StoredWeight>;
  /** Float constants replaced, by owner scope key. */
  readonly replaced: Map<string, Set<string>>;
  readonly results: ScopeResult[];
  readonly nearMisses: NearMiss[];
  readonly rewired: string[];
  /** Graphs rewritten so far. */
  visited: number;
}

export function activationParams(range: TensorRange, type: QuantType): QuantParams {
  return type === 'uint8' ? asymmetricParams(range.min, range.max, 'uint8') : symmetricParams(Math.max(Math.abs(range.min), Math.abs(range.max)), 'int8');
}

const defines = (g: Graph, v: string) => indexGraph(g).producer.has(v) || g.inputs.some((i) => i.name === v);

/** The range of `v` as read in `scope`: from the table of the graph that defines it. */
export function rangeIn(table: CalibrationTable, scope: GraphScope, v: string): TensorRange | undefined {
  for (let s: GraphScope | undefined = scope; s; s = s.parent) {
    const r = (s.key ? table.bodies?.[s.key] : table.ranges)?.[v];
    if (r) return r;
  }
  return undefined;
}

function noRange(table: CalibrationTable, scope: GraphScope, v: string): string {
  let s: GraphScope | undefined = scope;
  while (s?.parent && !defines(s.graph, v)) s = s.parent;
  if (!s?.parent || table.bodies?.[s.key]) return `no calibration range for its input ${v}`;
  return `no calibration range for its input ${v}: no calibration sample ran ${s === scope ? 'this body' : s.label}`;
}

/** The plan for one graph; near misses name the body they are in. */
export function planScope(run: StaticSettings & { types: ReadonlyMap<string, ValueType> }, scope: GraphScope): StaticPlan {
  const { table } = run;
  const p = planStatic({
    graph: scope.graph,
    types: run.types,
    constants: scope.constants,
    range: (v) => rangeIn(table, scope, v),
    noRange: (v) => noRange(table, scope, v),
    whyNotConstant: (v) => whyNotConstantIn(scope, v),
    ops: run.ops,
    foldActivations: run.foldActivations,
  });
  return scope.label ? { ...p, nearMisses: p.nearMisses.map((m) => ({ ...m, reason: `${inScope(scope)}${m.reason}` })) } : p;
}

const WEIGHT_INPUT = 1;

/** Rewrites `scope`'s graph and every body inside it; returns the new graph. */
export function rewriteScope(run: StaticRun, scope: GraphScope): Graph {
  const g = scope.graph;
  const order = run.visited++;
  const p = planScope(run, scope);
  run.nearMisses.push(...p.nearMisses);
  const editor = new GraphEditor(g, run.ids);
  run.editors.set(scope.key, editor);
  const bodies = rewriteBodiesIn(run.model, scope, (body) => rewriteScope(run, body));
  const { names } = run;
  const w: QdqWriter = {
    editor,
    names,
    store: (t, source) => {
      const owner = ownerOf(scope, source) ?? scope;
      run.editors.get(owner.key)!.addInitializer(t);
      const set = run.replaced.get(owner.key) ?? new Set();
      run.replaced.set(owner.key, set.add(source));
    },
  };
  const { producer, consumers } = indexGraph(g);
  const writer = new Map(p.ops.map((q) => [q.output, q.node.id]));
  const dq = new Map<string, { name: string; params: QuantParams }>();
  for (const t of p.tensors) {
    const params = activationParams(rangeIn(run.table, scope, t)!, run.type);
    const [scale, zero] = [scalarTensor(names.fresh(`${t}_scale`), 'float32', params.scale), scalarTensor(names.fresh(`${t}_zero_point`), run.type, params.zeroPoint)];
    editor.addInitializer(scale).addInitializer(zero);
    const from = writer.get(t) ?? producer.get(t)?.id;
    const [q, d] = [names.fresh(`${t}_quantized`), names.fresh(`${t}_dequantized`)];
    editor.insertNode({ opType: 'QuantizeLinear', inputs: [t, scale.name, zero.name], outputs: [q], id: `${t}/QuantizeLinear`, provenance: from ? [from] : [] });
    editor.insertNode({ opType: 'DequantizeLinear', inputs: [q, scale.name, zero.name], outputs: [d], id: `${t}/DequantizeLinear`, provenance: from ? [from] : [] });
    dq.set(t, { name: d, params });
  }
  // One DequantizeLinear per weight and axis in this graph, over one int8 copy in the model.
  const weights = new Map<string, WeightQdq>();
  const biases: WeightQdq[] = [];
  const rewritten = new Map<string, NewNode>();
  for (const q of p.ops) {
    const n = q.node;
    const c = q.weights.get(WEIGHT_INPUT);
    let wq: WeightQdq | undefined;
    if (c) {
      const axis = n.opType === 'Conv' || (n.opType === 'Gemm' && attrInt(n, 'transB', 0) === 1) ? 0 : 1;
      const key = `${(ownerOf(scope, c.tensor.name) ?? scope).key}|${c.tensor.name}:${axis}`;
      const s = run.stored.get(key) ?? storeWeight(w, c.tensor, axis);
      run.stored.set(key, s);
      wq = weights.get(key) ?? dequantized(w, s, n);
      weights.set(key, wq);
    }
    const x = dq.get(n.inputs[0]!);
    const bias = n.opType === 'Conv' ? q.weights.get(2) : undefined;
    const bq = bias && wq && x ? quantizeBias(w, bias.tensor, x.params.scale, wq.scales, n) : undefined;
    if (bq) biases.push(bq);
    const inputs = n.inputs.map((v, i) => (i === WEIGHT_INPUT && wq ? wq.dequantized : i === 2 && bq ? bq.dequantized : (dq.get(v)?.name ?? v)));
    const outputs = q.folded ? [q.output, ...n.outputs.slice(1)] : [...n.outputs];
    editor.removeNode(n.id);
    if (q.folded) editor.removeNode(q.folded.id);
    rewritten.set(n.id, { opType: n.opType, inputs, outputs, attributes: n.attributes, id: n.id, provenance: q.folded ? [n.id, q.folded.id] : [n.id] });
  }
  // Every other reader of a quantized tensor reads the dequantized value too.
  const removed = new Set([...p.ops.map((q) => q.node.id), ...p.ops.flatMap((q) => (q.folded ? [q.folded.id] : []))]);
  for (const t of dq.keys()) {
    for (const r of consumers.get(t) ?? []) {
      if (removed.has(r.id) || rewritten.has(r.id)) continue;
      rewritten.set(r.id, { opType: r.opType, domain: r.domain, inputs: r.inputs.map((v) => dq.get(v)?.name ?? v), outputs: r.outputs, attributes: bodies.get(r.id) ?? r.attributes, id: r.id, provenance: [r.id] });
      editor.removeNode(r.id);
      run.rewired.push(r.id);
    }
  }
  for (const [id, attributes] of bodies) if (!rewritten.has(id)) editor.setAttributes(id, attributes);
  run.rewired.push(...[...bodies.keys()].filter((id) => !rewritten.has(id)));
  for (const spec of rewritten.values()) editor.insertNode(spec);
  // What the rewritten bodies read decides which of this graph's float weights are still needed.
  const view = bodies.size ? { ...g, nodes: g.nodes.map((n) => (bodies.has(n.id) ? { ...n, attributes: bodies.get(n.id)! } : n)) } : g;
  removeUnreadConstants(view, editor, run.replaced.get(scope.key) ?? new Set(), scope.own, removed);
  run.editors.delete(scope.key);
  if (p.ops.length) run.results.push({ scope, order, plan: p, weights: [...weights.values()], biases });
  return editor.apply().graph;
}
