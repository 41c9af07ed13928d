// How a Transpose moves below each layout-agnostic op, as data: which inputs take the un-permuted
// layout, which attributes and constant inputs are re-indexed, and which perm each output gets.
//
// With y = Transpose(x, P) (y.shape[i] = x.shape[P[i]]), axis a of y is axis P[a] of x, so an op
// reading y with `axis = a` reads x with `axis = P[a]`, and its output is Transpose(·, P) of the
// op applied to x. Ops that drop or add axes (Squeeze, Unsqueeze, Reduce* without keepdims) give
// their output the perm restricted to the axes that remain.
import { tensorFromNumbers } from '../../ir/tensor.ts';
import { pad, resize, slice, squeeze, unsqueeze } from './sink-axes.ts';
import { attr, intAttr, intsOf, normalize, permWithout, withAttr, type SinkHandler } from './sink-plan.ts';
import { sinkThroughReshape } from './sink-reshape.ts';
import type { WNode } from './work-graph.ts';

export type { HandlerEnv, SinkPlan, SinkHandler } from './sink-plan.ts';

const UNARY = [
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Cast', 'CastLike', 'Ceil', 'Celu', 'Clip', 'Cos', 'Cosh', 'Dropout',
  'Elu', 'Erf', 'Exp', 'Floor', 'Gelu', 'HardSigmoid', 'HardSwish', 'Identity', 'IsInf', 'IsNaN', 'LeakyRelu', 'Log', 'Mish',
  'Neg', 'Not', 'Reciprocal', 'Relu', 'Round', 'Selu', 'Shrink', 'Sigmoid', 'Sign', 'Sin', 'Sinh', 'Softplus', 'Softsign',
  'Sqrt', 'Tan', 'Tanh', 'ThresholdedRelu',
];
const BROADCAST = [
  'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'PRelu', 'Max', 'Min', 'Sum', 'Mean', 'Equal', 'Greater', 'Less', 'GreaterOrEqual',
  'LessOrEqual', 'And', 'Or', 'Xor', 'BitShift', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor', 'Where',
];
const REDUCE = ['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];

const all = (perm: readonly number[], count: number) => Array.from({ length: count }, () => perm);

const unary: SinkHandler = (n, perm) => (n.opType === 'Dropout' || n.opType === 'Clip' || n.opType === 'CastLike' ? { inputs: [0], outputs: all(perm, n.outputs.length) } : { inputs: [0], outputs: [perm] });

const broadcast: SinkHandler = (n, perm, env) => {
  if (attr(n, 'broadcast') || attr(n, 'axis')) return 'it uses the legacy (opset < 7) broadcast attributes';
  for (const v of n.inputs) {
    const r = v ? env.rank(v) : 0;
    if (r === undefined) return `the rank of its input ${v} is unknown`;
    if (r > perm.length) return `its input ${v} has rank ${r}, more than the ${perm.length} axes the Transpose permutes`;
  }
  return { inputs: n.inputs.map((_, k) => k), broadcast: true, outputs: [perm] };
};

/** Ops with one `axis` attribute re-indexed through the perm. */
function withAxis(defaultAxis: number, inputs: 'first' | 'all'): SinkHandler {
  return (n, perm) => {
    const axis = normalize(intAttr(n, 'axis', defaultAxis), perm.length);
    if (axis < 0 || axis >= perm.length) return `its axis ${axis} is out of range`;
    const attributes = withAttr(n.attributes, { name: 'axis', type: 'int', value: perm[axis]! });
    return { inputs: inputs === 'all' ? n.inputs.map((_, k) => k) : [0], outputs: all(perm, n.outputs.length), attributes };
  };
}

const softmax: SinkHandler = (n, perm, env) => {
  if (env.opset >= 13) return withAxis(-1, 'first')(n, perm, env);
  // Before opset 13 the input is flattened to 2-D at `axis`: fine when no axis crosses that line.
  const axis = normalize(intAttr(n, 'axis', 1), perm.length);
  if (perm.some((a, i) => a < axis !== i < axis)) return `the Transpose moves axes across its flattening point (axis ${axis}, opset ${env.opset} semantics)`;
  return { inputs: [0], outputs: [perm] };
};

const reduce: SinkHandler = (n, perm, env) => {
  const since = n.opType === 'ReduceSum' ? 13 : 18;
  const axes = intsOf(n, env, 'axes', 1, since);
  if (typeof axes === 'string') return axes;
  const keep = intAttr(n, 'keepdims', 1) !== 0;
  if (axes && !axes.length && intAttr(n, 'noop_with_empty_axes', 0)) return 'it is a no-op with empty axes';
  const reduced = new Set((axes?.length ? axes : perm.map((_, i) => i)).map((a) => normalize(a, perm.length)));
  const newAxes = [...reduced].map((a) => perm[a]!).sort((a, b) => a - b);
  const out = keep ? perm : permWithout(perm, reduced);
  if (!axes?.length) return { inputs: [0], outputs: [out.length ? out : null] };
  if (env.opset < since) return { inputs: [0], outputs: [out], attributes: withAttr(n.attributes, { name: 'axes', type: 'ints', value: newAxes }) };
  return { inputs: [0], outputs: [out], constants: new Map([[1, tensorFromNumbers('', 'int64', [newAxes.length], newAxes)]]) };
};

const argReduce: SinkHandler = (n, perm) => {
  const axis = normalize(intAttr(n, 'axis', 0), perm.length);
  const out = intAttr(n, 'keepdims', 1) ? perm : permWithout(perm, new Set([axis]));
  return { inputs: [0], outputs: [out], attributes: withAttr(n.attributes, { name: 'axis', type: 'int', value: perm[axis]! }) };
};

export const SINK_HANDLERS: ReadonlyMap<string, SinkHandler> = new Map<string, SinkHandler>([
  ...UNARY.map((op): [string, SinkHandler] => [op, unary]),
  ...BROADCAST.map((op): [string, SinkHandler] => [op, broadcast]),
  ...REDUCE.map((op): [string, SinkHandler] => [op, reduce]),
  ['ArgMax', argReduce],
  ['ArgMin', argReduce],
  ['Concat', withAxis(0, 'all')],
  ['Split', withAxis(0, 'first')],
  ['Softmax', softmax],
  ['LogSoftmax', softmax],
  ['Hardmax', softmax],
  ['Pad', pad],
  ['Resize', resize],
  ['Upsample', resize],
  ['Slice', slice],
  ['Squeeze', squeeze],
  ['Unsqueeze', unsqueeze],
  ['Reshape', (n, perm, env) => (env.opset < 5 ? 'its shape is an attribute (opset < 5)' : sinkThroughReshape(n, perm, env))],
]);

/** The handler for a node, when Transposes can move below it (default-domain ops only). */
export function sinkHandler(n: Pick<WNode, 'opType' | 'domain'>): SinkHandler | undefined {
  return n.domain === '' || n.domain === 'ai.onnx' ? SINK_HANDLERS.get(n.opType) : undefined;
}
