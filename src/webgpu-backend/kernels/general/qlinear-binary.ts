// com.microsoft.QLinearAdd and QLinearMul (what fuse-qdq makes of Add/Mul between Dequantize and
// Quantize): each operand is dequantized, (a - a_zp)·a_scale, combined, and requantized to C with
// saturate(round(v / c_scale) + c_zp): onnxruntime's scalar formula. Its vector kernels use a
// fixed-point multiplier instead, so results may differ from it by one step where v / c_scale
// falls near a half. Numpy broadcasting between A and B; per-tensor scales and zero points. Each
// invocation writes one output word (four elements, each with its own broadcast offsets).
import { numElements } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { broadcastStrides, offsetsFunction } from '../../wgsl/indexing.ts';
import { int8Helpers, int8Variant } from '../../wgsl/int8.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { access } from './elementwise-kernel.ts';
import { perChannel } from './qlinear-matmul.ts';
import { LANES, packWord, quantizeFunction, quantReader } from './quant-wgsl.ts';

function generateQLinearBinary(ctx: OpContext): KernelSource {
  const [a, b, c] = [inputInfo(ctx, 0), inputInfo(ctx, 3), outputInfo(ctx)];
  const count = numElements(c.dims);
  const words = Math.ceil(count / 4);
  const [qa, qb, qc] = [perChannel(ctx, 1, 2, 'a', 1), perChannel(ctx, 4, 5, 'b', 1), perChannel(ctx, 6, 7, 'c', 1)];
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('words', words);
  // Each operand read at e, at 0, as a block (a row or per-channel vector), or through offsets.
  const offsets: string[] = [];
  const at = (t: typeof a, k: 'a' | 'b'): string => {
    const acc = access(t.dims, c.dims);
    if (acc.kind === 'full') return 'e';
    if (acc.kind === 'scalar') return '0u';
    if (acc.kind === 'block') return (params.u32(`${k}_inner`, acc.inner), params.u32(`${k}_size`, acc.size), `(e / param(P_${k.toUpperCase()}_INNER)) % param(P_${k.toUpperCase()}_SIZE)`);
    params.u32s(`${k}_strides`, broadcastStrides(t.dims, c.dims));
    offsets.push(offsetsFunction(`${k}Offset`, c.dims.length, 'shape', [`${k}_strides`]));
    return `${k}Offset(e)`;
  };
  const [atA, atB] = [at(a, 'a'), at(b, 'b')];
  if (offsets.length) params.u32s('shape', c.dims);
  const combine = ctx.node.opType === 'QLinearAdd' ? 'va + vb' : 'va * vb';
  const lane = (l: number) => `select(0.0, element(e + ${l}u), e + ${l}u < param(P_COUNT))`;
  const body = `
${int8Helpers(ctx.profile)}
${quantReader('readA', 'A', a)}
${quantReader('readB', 'B', b)}
${qa.wgsl}
${qb.wgsl}
${qc.wgsl}
${quantizeFunction(c.dtype === 'int8')}
${offsets.join('\n')}
fn element(e: u32) -> f32 {
  let va = a_scale(0u) * (readA(${atA}) - f32(a_zp(0u)));
  let vb = b_scale(0u) * (readB(${atB}) - f32(b_zp(0u)));
  return quantize(${combine}, c_scale(0u), f32(c_zp(0u)));
}

${linearEntryPoint()}
  if (index >= param(P_WORDS)) { return; }
  let e = index * 4u;
  Y[index] = ${packWord(c.dtype === 'int8', LANES.map(lane))};
}`;
  return kernelSource({
    variant: `${ctx.node.opType === 'QLinearAdd' ? 'qlinear-add' : 'qlinear-mul'}-${c.dtype}${int8Variant(ctx.profile)}`,
    inputs: [{ name: 'A', elem: 'u32', index: 0 }, ...qa.decls, { name: 'B', elem: 'u32', index: 3 }, ...qb.decls, ...qc.decls],
    output: { name: 'Y', elem: 'u32' },
    params, body,
    workgroups: linearWorkgroups(words, ctx.profile.limits),
  });
}

const Q8 = ['int8', 'uint8'] as const;
const binary: OpDef = {
  kind: 'kernel',
  dtypes: { types: { T: Q8, F: ['float32'] }, inputs: ['T', 'F', 'T', 'T', 'F', 'T', 'F', 'T'], outputs: ['T'] },
  generate: generateQLinearBinary,
};

export const QLINEAR_BINARY_OPS: Record<string, OpDef> = {
  'com.microsoft.QLinearAdd': binary,
  'com.microsoft.QLinearMul': binary,
};
