// Cast between the dtypes held one element per word. WGSL's value conversions do the work
// (float -> int truncates toward zero, like onnxruntime; out-of-range floats saturate where
// onnxruntime's result is undefined). Bool results are 0/1 words. A float16 result on a device
// without 'shader-f16' lives in f32 (gpu-dtype.ts), so the kernel rounds it to float16 precision
// with pack2x16float, keeping later kernels' inputs what onnxruntime's would be. WGSL leaves
// pack2x16float of values outside float16's range indeterminate (SwiftShader returns NaN for
// infinities), so overflow and NaN are handled before it.
import { numElements } from '../../ir/tensor.ts';
import type { TensorInfo } from '../op-def.ts';
import { inputInfo, outputInfo, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../wgsl/shader.ts';

const ROUND_TO_F16 = `
fn roundToF16(x: f32) -> f32 {
  // |x| < 65520 rounds to a finite float16 (65504 at most); NaN fails the comparison.
  if (abs(x) < 65520.0) { return unpack2x16float(pack2x16float(vec2<f32>(x, 0.0))).x; }
  let bits = bitcast<u32>(x);
  if ((bits & 0x7fffffffu) > 0x7f800000u) { return x; }
  return bitcast<f32>((bits & 0x80000000u) | 0x7f800000u);
}`;

/** Whether the conversion rounds to float16 precision inside f32 (emulated float16). */
function roundsToF16(from: TensorInfo, to: TensorInfo): boolean {
  return to.dtype === 'float16' && to.gpu.scalar === 'f32' && from.dtype !== 'float16';
}

/** The WGSL expression converting `x` (of `from`'s GPU type) to `to`'s. */
export function convertExpression(from: TensorInfo, to: TensorInfo): string {
  const src = from.gpu.scalar;
  const dst = to.gpu.scalar;
  if (to.dtype === 'bool') {
    const zero = src === 'f32' || src === 'f16' ? '0.0' : src === 'u32' ? '0u' : '0';
    return `select(0u, 1u, x != ${zero})`;
  }
  const value = src === dst ? 'x' : `${dst}(x)`;
  return roundsToF16(from, to) ? `roundToF16(${value})` : value;
}

function generateCast(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  const body = `${roundsToF16(x, y) ? ROUND_TO_F16 : ''}
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let x = X[index];
  Y[index] = ${convertExpression(x, y)};
}`;
  return kernelSource({
    variant: `cast-${x.dtype}-${y.dtype}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
    inPlace: [{ input: 0, output: 0 }],
  });
}

export const CAST_OPS: Record<string, OpDef> = {
  Cast: { kind: 'kernel', dtypes: { types: { T1: WORD_DTYPES, T2: WORD_DTYPES }, inputs: ['T1'], outputs: ['T2'] }, generate: generateCast },
  // CastLike takes the target dtype from its second input, whose values are never read: the
  // same kernel, which binds only input 0.
  CastLike: { kind: 'kernel', dtypes: { types: { T1: WORD_DTYPES, T2: WORD_DTYPES }, inputs: ['T1', 'T2'], outputs: ['T2'] }, generate: generateCast },
};
