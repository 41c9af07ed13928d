// What fusion rules need to know about onnxruntime's com.microsoft contrib ops beyond their
// schemas: the domain, and that their CPU kernels (the oracle Kiln checks against) are
// registered for float32 only — with a cheap way to tell a value's dtype.
import { fail, ok, type RewriteContext, type Verdict } from '../rewrite/rule.ts';

export const MS_DOMAIN = 'com.microsoft';

/** Ops whose output has the dtype of their input 0. */
const LIKE_INPUT0 = new Set([
  'Relu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'HardSigmoid', 'HardSwish', 'Elu', 'Selu', 'Softplus', 'Softsign', 'Erf', 'Sqrt',
  'Neg', 'Abs', 'Exp', 'Reciprocal', 'Softmax', 'Identity', 'Reshape', 'Transpose', 'Flatten', 'Squeeze', 'Unsqueeze',
  'MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'Slice', 'Resize', 'Pad', 'Clip', 'Pow',
  'BatchNormalization', 'LayerNormalization', 'ReduceMean', 'ReduceSum',
]);
/** Ops whose inputs and output share one type T: a constant input tells it. */
const ONE_TYPE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Conv', 'ConvTranspose', 'Gemm', 'MatMul', 'Concat', 'Sum']);

/**
 * A value's dtype, read off the constants around it where ONNX's type constraints make that
 * exact (a Conv's output has its weight's type), so that rules checking "is this float32" on
 * large graphs do not run shape inference; falls back to inference otherwise.
 */
export function valueDtype(ctx: RewriteContext, value: string): string | undefined {
  let v = value;
  for (let step = 0; step < 16; step++) {
    const c = ctx.constant(v);
    if (c) return c.dtype;
    const p = ctx.producer(v);
    if (!p || (p.domain !== '' && p.domain !== 'ai.onnx') || p.outputs[0] !== v) break;
    if (ONE_TYPE.has(p.opType)) {
      const known = p.inputs.map((i) => (i ? ctx.constant(i) : undefined)).find((t) => t !== undefined);
      if (known) return known.dtype;
    } else if (!LIKE_INPUT0.has(p.opType)) {
      break;
    }
    if (!p.inputs[0]) break;
    v = p.inputs[0];
  }
  return ctx.dtype(value);
}

/** ok() when `value` is float32; otherwise why the contrib op `op` cannot take it. */
export function requireFloat32Value(ctx: RewriteContext, value: string, op: string): Verdict {
  const dtype = valueDtype(ctx, value);
  return dtype === 'float32' ? ok() : fail(`${value} is ${dtype ?? 'of unknown type'}; onnxruntime's CPU ${op} runs float32 only`);
}
