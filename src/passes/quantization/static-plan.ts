// quantize-static's decision, before any edit: which ops are quantized, which of their inputs are
// activations (QDQ from the calibration table) and which are weights (int8 per channel), which
// Relu/Clip fold into the op before them, and which tensors get a QuantizeLinear/DequantizeLinear
// pair. Like onnxruntime's QDQ quantizer, a tensor is quantized once and every reader reads the
// dequantized value; graph outputs stay float. It plans one graph: the main graph, or an
// If/Loop/Scan body, whose outputs stay float too and whose ranges and constants include its
// enclosing graphs'.
import { attrFloat } from '../../ir/attributes.ts';
import { indexGraph, outerScopeReads, subgraphsOf } from '../../ir/graph.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import type { Graph, Node, ValueType } from '../../ir/types.ts';
import type { NearMiss } from '../pass.ts';
import { isDefaultDomain } from '../support/constant-values.ts';
import type { TensorRange } from './calibrate.ts';
import type { ConstantValue } from './constants.ts';

/** Ops with a weight input quantized per channel: op -> weight input index. */
export const WEIGHTED_OPS: Readonly<Record<string, number>> = { Conv: 1, MatMul: 1, Gemm: 1 };

/** What onnxruntime's QDQ quantizer wraps by default, less the ops it only passes through. */
export const DEFAULT_STATIC_OPS: readonly string[] = ['Conv', 'MatMul', 'Gemm', 'Add', 'Mul', 'Concat', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'Relu', 'Clip'];

export interface QuantizedOp {
  readonly node: Node;
  /** Input index -> weight constant (Conv/MatMul/Gemm weights; Conv bias is index 2). */
  readonly weights: ReadonlyMap<number, ConstantValue>;
  /** The output the op writes after folding (a folded Relu's output), else its own. */
  readonly output: string;
  readonly folded?: Node;
}

export interface StaticPlan {
  readonly ops: readonly QuantizedOp[];
  /** Activations to quantize, in graph order. */
  readonly tensors: readonly string[];
  readonly nearMisses: readonly NearMiss[];
}

export interface StaticPlanInput {
  readonly graph: Graph;
  readonly types: ReadonlyMap<string, ValueType>;
  /** Constants the graph can read (an enclosing graph's too). */
  readonly constants: ReadonlyMap<string, ConstantValue>;
  /** The calibrated range of a value the graph reads. */
  readonly range: (value: string) => TensorRange | undefined;
  /** Why a value has no range ("no calibration range for its input x"). */
  readonly noRange: (value: string) => string;
  /** Why a value is not a constant. */
  readonly whyNotConstant: (value: string) => string;
  readonly ops: ReadonlySet<string>;
  readonly foldActivations: boolean;
}

const isFloat32 = (types: ReadonlyMap<string, ValueType>, v: string) => types.get(v)?.kind === 'tensor' && (types.get(v) as { dtype: string }).dtype === 'float32';

/** Values of `g` that the bodies of its nodes read (they keep reading the float value, never a QDQ). */
function readInBodies(g: Graph): Set<string> {
  const out = new Set<string>();
  for (const n of g.nodes) for (const sub of subgraphsOf(n)) for (const v of outerScopeReads(sub)) out.add(v);
  return out;
}

/** A Relu or Clip(0, ·) that reads `value` alone and whose output a uint8 zero point of 0 reproduces. */
function foldable(g: Graph, value: string, p: StaticPlanInput, inBodies: ReadonlySet<string>): Node | undefined {
  const readers = indexGraph(g).consumers.get(value) ?? [];
  if (readers.length !== 1 || g.outputs.some((o) => o.name === value) || inBodies.has(value)) return undefined;
  const r = readers[0]!;
  // The fold needs a QuantizeLinear on the result to do the clipping: graph outputs get none, and a
  // body reading the result would read the op's unclipped output under the Relu's name.
  if (g.outputs.some((o) => o.name === r.outputs[0]) || inBodies.has(r.outputs[0]!)) return undefined;
  if (!isDefaultDomain(r) || !p.ops.has(r.opType) || !p.range(r.outputs[0]!)) return undefined;
  if (r.opType === 'Relu') return r;
  if (r.opType !== 'Clip') return undefined;
  const min = r.inputs[1] ? p.constants.get(r.inputs[1])?.tensor : undefined;
  const lo = min ? tensorToNumbers(min)[0] : attrFloat(r, 'min', -Infinity);
  return lo === 0 ? r : undefined;
}

/** The op's quantization, or the reason it is not quantized. */
function planOp(n: Node, p: StaticPlanInput, inBodies: ReadonlySet<string>): QuantizedOp | string {
  const g = p.graph;
  const weightAt = WEIGHTED_OPS[n.opType];
  const weights = new Map<number, ConstantValue>();
  for (const [i, v] of n.inputs.entries()) {
    if (!v || !isFloat32(p.types, v)) continue;
    const c = p.constants.get(v);
    if (i === weightAt || (n.opType === 'Conv' && i === 2)) {
      if (c) weights.set(i, c);
      else if (n.opType !== 'MatMul') return `${p.whyNotConstant(v)}; its weight must be a constant`;
      else if (!p.range(v)) return p.noRange(v);
      continue;
    }
    if (c) continue; // a constant operand of Add/Mul/Clip stays float
    if (!p.range(v)) return p.noRange(v);
  }
  const w = weightAt === undefined ? undefined : weights.get(weightAt);
  if (w && w.tensor.dims.length !== (n.opType === 'Conv' ? w.tensor.dims.length : 2)) return `its weight ${w.tensor.name} has rank ${w.tensor.dims.length}; per-channel scales need a 2-D weight`;
  if (n.opType === 'Conv' && (w?.tensor.dims.length ?? 0) < 3) return 'its weight is not a Conv kernel';
  if (!n.inputs.some((v, i) => v && isFloat32(p.types, v) && !weights.has(i) && !p.constants.has(v))) return 'it reads no float32 activation';
  const folded = p.foldActivations && (weightAt !== undefined || n.opType === 'Add') ? foldable(g, n.outputs[0]!, p, inBodies) : undefined;
  return { node: n, weights, output: folded ? folded.outputs[0]! : n.outputs[0]!, ...(folded ? { folded } : {}) };
}

export function planStatic(p: StaticPlanInput): StaticPlan {
  const g = p.graph;
  const ops: QuantizedOp[] = [];
  const nearMisses: NearMiss[] = [];
  const foldedIds = new Set<string>();
  const inBodies = readInBodies(g);
  for (const n of g.nodes) {
    if (!isDefaultDomain(n) || !p.ops.has(n.opType) || foldedIds.has(n.id)) continue;
    if (!n.inputs.some((v) => v && isFloat32(p.types, v))) continue;
    const q = planOp(n, p, inBodies);
    if (typeof q === 'string') {
      nearMisses.push({ rule: `quantize-static/${n.opType.toLowerCase()}`, nodeId: n.id, reason: q });
      continue;
    }
    if (q.folded) foldedIds.add(q.folded.id);
    ops.push(q);
  }
  // A Relu planned before the op that folds it (never in topological order, but be safe).
  const kept = ops.filter((q) => !foldedIds.has(q.node.id));
  const outputs = new Set(g.outputs.map((o) => o.name));
  const tensors = new Set<string>();
  for (const q of kept) {
    q.node.inputs.forEach((v, i) => {
      if (v && isFloat32(p.types, v) && !q.weights.has(i) && !p.constants.has(v) && p.range(v)) tensors.add(v);
    });
    if (!outputs.has(q.output) && p.range(q.output)) tensors.add(q.output);
  }
  return { ops: kept, tensors: [...tensors], nearMisses };
}
