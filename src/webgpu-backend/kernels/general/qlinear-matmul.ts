// QLinearMatMul: y = saturate(round(Σ_k (a - a_zp)(b - b_zp) · a_scale·b_scale / y_scale) + y_zp),
// int8/uint8 in and out, both operands of rank >= 2 with numpy-broadcast batch dims (attention's
// Q·Kᵀ), B's scale and zero point per tensor or per column. Each invocation writes one output word: four elements,
// each accumulated exactly in i32 from unpacked bytes, then requantized in f32 with the
// multiplier computed as onnxruntime computes it ((a_scale·b_scale[n]) / y_scale).
import { numElements } from '../../../ir/tensor.ts';
import { formatDims, inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { broadcastStrides, offsetsFunction } from '../../wgsl/indexing.ts';
import { broadcastShapes } from '../binary.ts';
import { int8Helpers, int8Variant } from '../../wgsl/int8.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type BufferDecl, type KernelSource } from '../../wgsl/shader.ts';
import { LANES, packWord, quantReader } from './quant-wgsl.ts';

/** WGSL reading a scale (f32) and a zero point (f32) per tensor or per `index`, and their bindings. */
export function perChannel(ctx: OpContext, scaleAt: number, zeroAt: number, name: string, channels: number): { wgsl: string; decls: BufferDecl[]; perChannel: boolean } {
  const scale = inputInfo(ctx, scaleAt);
  const zero = ctx.inputs[zeroAt];
  const n = numElements(scale.dims);
  if (n !== 1 && n !== channels) throw shapeError(ctx.node, `${name} scale ${formatDims(scale.dims)} is neither per tensor nor per channel (${channels})`);
  if (zero && numElements(zero.dims) !== n) throw shapeError(ctx.node, `${name} zero point ${formatDims(zero.dims)} does not match its scale ${formatDims(scale.dims)}`);
  const at = n === 1 ? '0u' : 'c';
  const S = `${name}Scale`;
  const Z = `${name}Zero`;
  const wgsl = `fn ${name}_scale(c: u32) -> f32 { return f32(${S}[${at}]); }
${zero ? `${quantReader(`${name}_zp_at`, Z, zero)}\nfn ${name}_zp(c: u32) -> i32 { return i32(${name}_zp_at(${at})); }` : `fn ${name}_zp(c: u32) -> i32 { return 0; }`}`;
  const decls: BufferDecl[] = [{ name: S, elem: wgslElem(scale), index: scaleAt }, ...(zero ? [{ name: Z, elem: wgslElem(zero), index: zeroAt }] : [])];
  return { wgsl, decls, perChannel: n > 1 };
}

/** `fn requantize(acc: i32, multiplier: f32, zp: i32) -> f32`, saturated to the output type. */
export function requantizeFunction(y: TensorInfo): string {
  const [lo, hi] = y.dtype === 'int8' ? ['-128.0', '127.0'] : ['0.0', '255.0'];
  return `fn requantize(acc: i32, multiplier: f32, zp: i32) -> f32 { return clamp(round(f32(acc) * multiplier) + f32(zp), ${lo}, ${hi}); }`;
}

function generateQLinearMatMul(ctx: OpContext): KernelSource {
  const [a, b, y] = [inputInfo(ctx, 0), inputInfo(ctx, 3), outputInfo(ctx)];
  if (a.dims.length < 2 || b.dims.length < 2) throw shapeError(ctx.node, `operands of rank >= 2 are supported, got ${formatDims(a.dims)} × ${formatDims(b.dims)}`);
  const [M, K] = a.dims.slice(-2) as [number, number];
  const [Kb, N] = b.dims.slice(-2) as [number, number];
  if (K !== Kb) throw shapeError(ctx.node, `inner dims differ: ${formatDims(a.dims)} × ${formatDims(b.dims)}`);
  const [aBatch, bBatch] = [a.dims.slice(0, -2), b.dims.slice(0, -2)];
  const batch = broadcastShapes(ctx.node, aBatch, bBatch);
  const count = numElements(y.dims);
  const words = Math.ceil(count / 4);
  const [qa, qb, qy] = [perChannel(ctx, 1, 2, 'a', 1), perChannel(ctx, 4, 5, 'b', N), perChannel(ctx, 6, 7, 'y', 1)];
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('words', words);
  params.u32('m', M);
  params.u32('n', N);
  params.u32('k', K);
  params.u32s('batch_shape', batch);
  params.u32s('a_batch', broadcastStrides(aBatch, batch).map((t) => t * M * K));
  params.u32s('b_batch', broadcastStrides(bBatch, batch).map((t) => t * K * N));
  const lane = (l: number) => `select(0.0, element(e + ${l}u), e + ${l}u < param(P_COUNT))`;
  const body = `
${int8Helpers(ctx.profile)}
${quantReader('readA', 'A', a)}
${quantReader('readB', 'B', b)}
${qa.wgsl}
${qb.wgsl}
${qy.wgsl}
${requantizeFunction(y)}
${offsetsFunction('batchOffsets', batch.length, 'batch_shape', ['a_batch', 'b_batch'])}
fn element(e: u32) -> f32 {
  let N = param(P_N);
  let K = param(P_K);
  let MN = param(P_M) * N;
  let base = batchOffsets(e / MN);
  let m = (e % MN) / N;
  let n = e % N;
  let za = a_zp(0u);
  let zb = b_zp(n);
  var acc = 0;
  for (var k = 0u; k < K; k++) {
    acc += (i32(readA(base.x + m * K + k)) - za) * (i32(readB(base.y + k * N + n)) - zb);
  }
  return requantize(acc, a_scale(0u) * b_scale(n) / y_scale(0u), y_zp(0u));
}

${linearEntryPoint()}
  if (index >= param(P_WORDS)) { return; }
  let e = index * 4u;
  Y[index] = ${packWord(y.dtype === 'int8', LANES.map(lane))};
}`;
  return kernelSource({
    variant: `qlinear-matmul-${y.dtype}${qb.perChannel ? '-per-column' : ''}${int8Variant(ctx.profile)}`,
    inputs: [{ name: 'A', elem: 'u32', index: 0 }, ...qa.decls, { name: 'B', elem: 'u32', index: 3 }, ...qb.decls, ...qy.decls],
    output: { name: 'Y', elem: 'u32' },
    params, body,
    workgroups: linearWorkgroups(words, ctx.profile.limits),
  });
}

const Q8 = ['int8', 'uint8'] as const;

export const QLINEAR_MATMUL_OPS: Record<string, OpDef> = {
  QLinearMatMul: {
    kind: 'kernel',
    dtypes: { types: { T1: Q8, T2: Q8, T3: Q8, F: ['float32'] }, inputs: ['T1', 'F', 'T1', 'T2', 'F', 'T2', 'F', 'T3'], outputs: ['T3'] },
    generate: generateQLinearMatMul,
  },
};
