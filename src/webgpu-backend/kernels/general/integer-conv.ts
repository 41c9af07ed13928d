// ConvInteger (int32 out) and QLinearConv (requantized int8/uint8 out), NCHW with OIHW weights,
// the portable int8 path: Σ (x - x_zp)(w - w_zp[m]) over the group's input channels and the
// window's taps, exact in i32; QLinearConv adds its int32 bias and requantizes with
// (x_scale·w_scale[m]) / y_scale, as onnxruntime computes the multiplier. The kernel is
// register-blocked, 4 pixels × 4 output channels per invocation (integer-conv-wgsl.ts); window
// geometry (pads, strides, dilations, groups, auto_pad) is the float Conv's (vision/geometry.ts).
// QLinearConv writes packed words of four pixels when a plane holds a multiple of 4 pixels;
// otherwise it writes codes to an i32 scratch tensor and a second kernel packs them.
import { attrInts } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { KernelSequence } from '../../kernel-sequence.ts';
import { formatDims, inputInfo, outputInfo, shapeError, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { int8Helpers, int8Variant } from '../../wgsl/int8.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type BufferDecl, type KernelSource } from '../../wgsl/shader.ts';
import { checkWindowAttrs, groupOf, product, windowGeometry } from '../vision/geometry.ts';
import { windowParams } from '../vision/window-wgsl.ts';
import { blockedConvMain } from './integer-conv-wgsl.ts';
import { perChannel, requantizeFunction } from './qlinear-matmul.ts';
import { byteReader, LANES, packWord } from './quant-wgsl.ts';

/** x_zp/w_zp for ConvInteger (no scales): per tensor, w's also per output channel. */
function zeroPoint(ctx: OpContext, i: number, name: 'x' | 'w', channels: number): { wgsl: string; decls: BufferDecl[] } {
  const z = ctx.inputs[i];
  if (!z) return { wgsl: `fn ${name}_zp(c: u32) -> i32 { return 0; }`, decls: [] };
  const n = numElements(z.dims);
  if (n !== 1 && !(name === 'w' && n === channels)) throw shapeError(ctx.node, `${name} zero point ${formatDims(z.dims)} is neither per tensor nor per output channel`);
  const buffer = `${name.toUpperCase()}Zero`;
  return { wgsl: `${byteReader(`${name}_zp_at`, buffer, z)}\nfn ${name}_zp(c: u32) -> i32 { return ${name}_zp_at(${n === 1 ? '0u' : 'c'}); }`, decls: [{ name: buffer, elem: 'u32', index: i }] };
}

function generateIntegerConv(ctx: OpContext): KernelSource | KernelSequence {
  const quantized = ctx.node.opType === 'QLinearConv';
  const [x, w, y] = [inputInfo(ctx, 0), inputInfo(ctx, quantized ? 3 : 1), outputInfo(ctx)];
  const r = x.dims.length - 2;
  if (w.dims.length !== r + 2) throw shapeError(ctx.node, `weight ${formatDims(w.dims)} does not match input ${formatDims(x.dims)}`);
  const kernel = w.dims.slice(2);
  const attrKernel = attrInts(ctx.node, 'kernel_shape');
  if (attrKernel && formatDims(attrKernel) !== formatDims(kernel)) throw shapeError(ctx.node, `kernel_shape ${formatDims(attrKernel)} differs from the weight's ${formatDims(kernel)}`);
  const g = windowGeometry(ctx.node, x.dims, y.dims, kernel, 'nchw');
  const group = groupOf(ctx.node);
  const [M, cig] = [w.dims[0]!, w.dims[1]!];
  if (group < 1 || g.inChannels !== cig * group || M !== g.outChannels || M % group !== 0) throw shapeError(ctx.node, `input ${formatDims(x.dims)}, weight ${formatDims(w.dims)} and group ${group} do not agree`);
  const outPixels = product(g.outSpatial);
  const blocks = g.batch * Math.ceil(M / 4) * Math.ceil(outPixels / 4);
  const params = new ParamWriter();
  windowParams(params, g);
  for (const [name, v] of [['blocks', blocks], ['c_in', g.inChannels], ['c_out', M], ['cig', cig], ['cog', M / group], ['taps', product(g.kernel)]] as const) params.u32(name, v);
  const bias = quantized ? ctx.inputs[8] : undefined;
  const words = quantized && outPixels % 4 === 0;
  const quant = quantized ? [perChannel(ctx, 1, 2, 'x', 1), perChannel(ctx, 4, 5, 'w', M), perChannel(ctx, 6, 7, 'y', 1)] : [zeroPoint(ctx, 2, 'x', M), zeroPoint(ctx, 3, 'w', M)];
  const body = `
${int8Helpers(ctx.profile)}
${byteReader('rx', 'X', x)}
${byteReader('rw', 'W', w)}
${quant.map((q) => q.wgsl).join('\n')}
${quantized ? requantizeFunction(y) : ''}

${linearEntryPoint()}${blockedConvMain({ spatial: g.kernel.length, sharedInput: (M / group) % 4 === 0, hasBias: bias !== undefined, store: words ? 'words' : 'elements', requantize: quantized, signedOutput: y.dtype === 'int8' })}`;
  const source = kernelSource({
    variant: `${quantized ? `qlinear-conv-${y.dtype}` : 'conv-integer'}${quantized && !words ? '-codes' : ''}${int8Variant(ctx.profile)}`,
    inputs: [{ name: 'X', elem: 'u32', index: 0 }, { name: 'W', elem: 'u32', index: quantized ? 3 : 1 }, ...quant.flatMap((q) => q.decls), ...(bias ? [{ name: 'Bias', elem: 'i32', index: 8 }] : [])],
    output: { name: 'Y', elem: words ? 'u32' : 'i32' },
    params, body,
    workgroups: linearWorkgroups(blocks, ctx.profile.limits),
  });
  if (!quantized || words) return source;
  // Planes of other sizes: the codes go to scratch, then four to a word.
  const count = numElements(y.dims);
  const positions = source.inputs.map((_, k) => ({ ...source.inputs[k]!, index: k }));
  return {
    kind: 'sequence',
    scratch: [{ dims: y.dims, dtype: 'int32' }],
    steps: [
      { source: { ...source, inputs: positions, outputs: [{ ...source.outputs[0]!, index: 0 }] }, reads: source.inputs.map((d) => ({ input: d.index })), writes: [{ scratch: 0 }] },
      { source: packCodes(ctx, count, y.dtype === 'int8'), reads: [{ scratch: 0 }], writes: [{ output: 0 }] },
    ],
  };
}

/** Packs i32 codes (already saturated) four to a word. */
function packCodes(ctx: OpContext, count: number, signed: boolean): KernelSource {
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('words', Math.ceil(count / 4));
  const lane = (l: number) => `select(0, Codes[min(e + ${l}u, param(P_COUNT) - 1u)], e + ${l}u < param(P_COUNT))`;
  return kernelSource({
    variant: `pack-${signed ? 'int8' : 'uint8'}${int8Variant(ctx.profile)}`,
    inputs: [{ name: 'Codes', elem: 'i32' }],
    output: { name: 'Y', elem: 'u32' },
    params,
    body: `
${int8Helpers(ctx.profile)}

${linearEntryPoint()}
  if (index >= param(P_WORDS)) { return; }
  let e = index * 4u;
  Y[index] = ${packWord(signed, LANES.map(lane))};
}`,
    workgroups: linearWorkgroups(Math.ceil(count / 4), ctx.profile.limits),
  });
}

const Q8 = ['int8', 'uint8'] as const;

export const INTEGER_CONV_OPS: Record<string, OpDef> = {
  ConvInteger: {
    kind: 'kernel',
    dtypes: { types: { T1: Q8, T2: Q8, T3: ['int32'] }, inputs: ['T1', 'T2', 'T1', 'T2'], outputs: ['T3'] },
    check: checkWindowAttrs,
    generate: generateIntegerConv,
  },
  QLinearConv: {
    kind: 'kernel',
    dtypes: { types: { T1: Q8, T2: Q8, T3: Q8, F: ['float32'], I: ['int32'] }, inputs: ['T1', 'F', 'T1', 'T2', 'F', 'T2', 'F', 'T3', 'I'], outputs: ['T3'] },
    check: checkWindowAttrs,
    generate: generateIntegerConv,
  },
};
