// to-fp16: stores float32 weights as float16 and computes in float16, keeping the model's interface
// float32 (Casts at the graph inputs and outputs) and the ops of a block list in float32 (Casts
// around them). The decision is fp16-plan.ts; this file makes the edits and explains them.
//
//   before: y = Conv (x, W, B)            W: float[8,3,3,3]   B: float[8]
//           z = Softmax (y)               (block list when asked)
//   after:  x16 = Cast <to = float16> (x)
//           y = Conv (x16, W, B)          W: float16[8,3,3,3] B: float16[8]
//           y32 = Cast <to = float> (y);  z = Softmax (y32)
//
// Constants beyond float16's ±65504 keep their readers in float32 (or clamp, as an option); non-zero
// constants too small for float16 become ±2^-24 so an epsilon never turns into zero. Activations
// are invisible to a pure pass: given calibrated ranges, ops that see values beyond ±65504 stay
// float32 too.
import { GraphEditor, NodeIds, withGraph } from '../../ir/edit.ts';
import { indexGraph } from '../../ir/graph.ts';
import type { Attribute, Graph, Node, Tensor, ValueInfo, ValueType } from '../../ir/types.ts';
import { dtypeCode } from '../../ir/dtype.ts';
import type { NearMiss, Pass } from '../pass.ts';
import { ValueNames } from '../rewrite/builder.ts';
import { valueTypes } from '../support/constant-values.ts';
import type { CalibrationTable } from './calibrate.ts';
import { mainGraphConstants, type ConstantValue } from './constants.ts';
import { DEFAULT_FP16_BLOCK_LIST } from './fp16-ops.ts';
import { convertedInputPrecision, planFp16, type Fp16Plan, type Precision } from './fp16-plan.ts';
import { explainFp16, type Fp16Summary } from './fp16-explain.ts';
import { toFloat16 } from './fp16-tensor.ts';
import { netRecord } from './records.ts';

export interface ToFp16Options {
  /** Op types kept in float32 (default: the keys of DEFAULT_FP16_BLOCK_LIST). */
  readonly blockList?: readonly string[];
  /** Constants beyond ±65504: keep their readers in float32 (default) or clamp to ±65504. */
  readonly outOfRange?: 'keep-float32' | 'clamp';
  /**
   * Activation ranges from calibrate() on the float model: ops that read or write values beyond
   * ±65504 stay float32. Without them the pass cannot see activations, and a model whose
   * activations overflow float16 returns inf or NaN.
   */
  readonly activationRanges?: CalibrationTable['ranges'];
}

const FLOAT16 = dtypeCode('float16');

interface Rewrite {
  readonly g: Graph;
  readonly plan: Fp16Plan;
  readonly types: ReadonlyMap<string, ValueType>;
  readonly constants: ReadonlyMap<string, ConstantValue>;
  readonly editor: GraphEditor;
  readonly names: ValueNames;
  readonly summary: Fp16Summary;
  /** `${value}:${precision}` -> the name holding that value at that precision. */
  readonly cache: Map<string, string>;
  /** Initializers converted under their own name: swapped in after the edit (see finish). */
  readonly inPlace: Map<string, Tensor>;
}

const isFloat32 = (r: Rewrite, v: string) => {
  const t = r.types.get(v);
  return t?.kind === 'tensor' && t.dtype === 'float32';
};

/** What precision each reader wants of each value (graph outputs and subgraph reads want float32). */
function wanted(r: Rewrite): Map<string, Set<Precision>> {
  const want = new Map<string, Set<Precision>>();
  const add = (v: string, p: Precision) => (want.get(v) ?? want.set(v, new Set()).get(v)!).add(p);
  for (const n of r.g.nodes) {
    n.inputs.forEach((v, i) => {
      if (!v || !isFloat32(r, v)) return;
      add(v, r.plan.converted.has(n.id) ? convertedInputPrecision(n, i) : 'fp32');
    });
  }
  for (const o of r.g.outputs) add(o.name, 'fp32');
  for (const v of r.plan.subgraphReads) add(v, 'fp32');
  return want;
}

/** Converts one constant for its float16 readers: in place when nothing needs it in float32, else as a copy. */
function convertConstant(r: Rewrite, name: string, c: ConstantValue, alsoFloat32: boolean): string {
  const target = alsoFloat32 ? r.names.fresh(`${name}_fp16`) : name;
  const { tensor, clamped, raised } = toFloat16(c.tensor, target);
  r.summary.weights.push({ name, before: c.tensor, after: tensor, clamped, raised });
  if (!alsoFloat32 && c.node) {
    r.editor.removeNode(c.node.id);
    r.editor.insertNode({ opType: 'Constant', inputs: [], outputs: [name], attributes: [{ name: 'value', type: 'tensor', value: tensor }], id: c.node.id, provenance: [c.node.id] });
  } else if (!alsoFloat32) {
    r.inPlace.set(name, tensor);
  } else {
    r.editor.addInitializer(tensor);
  }
  return target;
}

/** The name that holds `v` at precision `p`, adding a Cast the first time one is needed. */
function nameAt(r: Rewrite, v: string, p: Precision, native: Precision, renamed: ReadonlyMap<string, string>): string {
  const own = renamed.get(v) ?? v;
  if (p === 'any' || p === native) return own;
  if (p === 'fp32' && renamed.has(v)) return v; // the output Cast writes the float32 value under the output's name
  const key = `${v}:${p}`;
  const hit = r.cache.get(key);
  if (hit) return hit;
  const out = r.names.fresh(`${v}_${p}`);
  const producer = indexGraph(r.g).producer.get(v);
  r.editor.insertNode({ opType: 'Cast', inputs: [own], outputs: [out], attributes: [{ name: 'to', type: 'int', value: p === 'fp16' ? FLOAT16 : dtypeCode('float32') }], id: `${v}/to_${p}`, provenance: producer ? [producer.id] : [] });
  r.summary.casts[producer ? 'inner' : 'inputs']++;
  r.cache.set(key, out);
  return out;
}

function convertedAttributes(n: Node): readonly Attribute[] {
  if (n.opType === 'Cast') return n.attributes.map((a) => (a.name === 'to' && a.type === 'int' && a.value === dtypeCode('float32') ? { ...a, value: FLOAT16 } : a));
  if (n.opType !== 'ConstantOfShape') return n.attributes;
  const value = n.attributes.find((a) => a.name === 'value');
  const fill = value?.type === 'tensor' ? value.value : ({ name: 'value', dtype: 'float32', dims: [1], data: { kind: 'raw', bytes: new Uint8Array(4) } } satisfies Tensor);
  if (fill.dtype !== 'float32') return n.attributes;
  const attr: Attribute = { name: 'value', type: 'tensor', value: toFloat16(fill, fill.name).tensor };
  return [...n.attributes.filter((a) => a.name !== 'value'), attr];
}

function rewrite(r: Rewrite): void {
  const want = wanted(r);
  const outputs = new Set(r.g.outputs.map((o) => o.name));
  // Constants: float16 for converted readers; the float32 original stays only if someone needs it.
  const constName = new Map<string, string>();
  for (const [v, c] of r.constants) {
    const w = want.get(v);
    if (!w?.has('fp16') || c.tensor.dtype !== 'float32') continue;
    constName.set(v, convertConstant(r, v, c, w.has('fp32') || outputs.has(v)));
  }
  // Graph outputs computed in float16: the producer writes `<name>_fp16`, a Cast writes the output.
  const renamed = new Map<string, string>();
  for (const n of r.g.nodes) {
    if (!r.plan.converted.has(n.id)) continue;
    for (const o of n.outputs) if (o && outputs.has(o) && isFloat32(r, o)) renamed.set(o, r.names.fresh(`${o}_fp16`));
  }
  const native = (v: string): Precision => {
    const p = indexGraph(r.g).producer.get(v);
    return p && r.plan.converted.has(p.id) ? 'fp16' : 'fp32';
  };
  for (const n of r.g.nodes) {
    if (r.constants.get(n.outputs[0] ?? '')?.node === n) continue;
    const converted = r.plan.converted.has(n.id);
    const inputs = n.inputs.map((v, i) => {
      if (!v || !isFloat32(r, v)) return v;
      const p = converted ? convertedInputPrecision(n, i) : 'fp32';
      if (constName.has(v)) return p === 'fp16' ? constName.get(v)! : v;
      return nameAt(r, v, p, native(v), renamed);
    });
    const attributes = converted ? convertedAttributes(n) : n.attributes;
    const outs = n.outputs.map((o) => renamed.get(o) ?? o);
    if (inputs.every((v, i) => v === n.inputs[i]) && attributes === n.attributes && outs.every((o, i) => o === n.outputs[i])) continue;
    r.editor.removeNode(n.id);
    r.editor.insertNode({ opType: n.opType, domain: n.domain, ...(n.overload ? { overload: n.overload } : {}), inputs, outputs: outs, attributes, id: n.id, provenance: [n.id] });
  }
  for (const [o, from] of renamed) {
    const p = indexGraph(r.g).producer.get(o)!;
    r.editor.insertNode({ opType: 'Cast', inputs: [from], outputs: [o], attributes: [{ name: 'to', type: 'int', value: dtypeCode('float32') }], id: `${o}/to_fp32`, provenance: [p.id] });
    r.summary.casts.outputs++;
  }
}

/**
 * The edited graph finished: initializers converted in place swapped in (the editor adds and
 * removes initializers but cannot redefine one that is also a graph input, as IR 3 lists them),
 * declared types of values that now hold float16 updated, and, before IR 4, the new float16
 * copies listed as graph inputs as that version requires of every initializer.
 */
function finish(g: Graph, before: Graph, r: Rewrite, irVersion: number): Graph {
  const now16 = new Set(r.summary.weights.filter((w) => w.after.name === w.name).map((w) => w.name));
  for (const n of before.nodes) if (r.plan.converted.has(n.id)) for (const o of n.outputs) now16.add(o);
  const outputs = new Set(g.outputs.map((o) => o.name));
  const retype = (list: readonly ValueInfo[]) => {
    let changed = false;
    const out = list.map((vi) => {
      if (!now16.has(vi.name) || outputs.has(vi.name) || vi.type?.kind !== 'tensor' || vi.type.dtype !== 'float32') return vi;
      changed = true;
      return { ...vi, type: { ...vi.type, dtype: 'float16' as const } };
    });
    return changed ? out : list;
  };
  const initializers = r.inPlace.size ? g.initializers.map((t) => r.inPlace.get(t.name) ?? t) : g.initializers;
  let inputs = retype(g.inputs);
  if (irVersion < 4) {
    const listed = new Set(inputs.map((v) => v.name));
    const added = initializers.filter((t) => !listed.has(t.name)).map((t) => ({ name: t.name, type: { kind: 'tensor' as const, dtype: t.dtype, shape: t.dims } }));
    if (added.length) inputs = [...inputs, ...added];
  }
  const valueInfo = retype(g.valueInfo);
  return valueInfo === g.valueInfo && inputs === g.inputs && initializers === g.initializers ? g : { ...g, valueInfo, inputs, initializers };
}

export function toFp16With(options: ToFp16Options = {}): Pass {
  const blockList = new Map((options.blockList ?? Object.keys(DEFAULT_FP16_BLOCK_LIST)).map((op) => [op, DEFAULT_FP16_BLOCK_LIST[op] ?? 'named in the block list option']));
  return {
    id: 'to-fp16',
    title: 'Convert to float16',
    description: 'Stores weights and computes activations in float16, keeping the inputs, outputs and precision-sensitive ops in float32.',
    run(model, ctx = {}) {
      const g = model.graph;
      const types = valueTypes(model, ctx.log);
      const constants = mainGraphConstants(model);
      const plan = planFp16({ graph: g, types, constants, blockList, clamp: options.outOfRange === 'clamp', ...(options.activationRanges ? { activationRanges: options.activationRanges } : {}) });
      const nearMisses: NearMiss[] = [...plan.kept].map(([nodeId, k]) => ({ rule: `to-fp16/${k.kind}`, nodeId, reason: k.reason }));
      if (!plan.converted.size) return { model, changes: { removed: [], added: [], rewired: [], initializersAdded: [], initializersRemoved: [], explanations: [], nearMisses } };
      const summary: Fp16Summary = { weights: [], casts: { inputs: 0, outputs: 0, inner: 0 } };
      const r: Rewrite = { g, plan, types, constants, editor: new GraphEditor(g, new NodeIds(model)), names: new ValueNames(model), summary, cache: new Map(), inPlace: new Map() };
      rewrite(r);
      const { graph, record } = r.editor.apply();
      const out = withGraph(model, finish(graph, g, r, model.irVersion));
      return { model: out, changes: netRecord(model, out, record.rewired, explainFp16(g, plan, types, summary), nearMisses) };
    },
  };
}

export const toFp16 = toFp16With();
