// QuantizeLinear: y = saturate(round(x / scale) + zero_point) into int8/uint8, per tensor (scalar
// scale) or per axis (1-D scale along `axis`). Each invocation quantizes the four elements of one
// output word and writes it whole; elements past the end pad the last word with zeros.
import { attrInt } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import { numElements } from '../../../ir/tensor.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { int8Helpers, int8Variant } from '../../wgsl/int8.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { LANES, packWord, quantizeFunction, quantReader } from './quant-wgsl.ts';

function generateQuantize(ctx: OpContext): KernelSource {
  const [x, scale, y] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const zero = ctx.inputs[2];
  const rank = x.dims.length;
  const perAxis = numElements(scale.dims) > 1;
  const raw = attrInt(ctx.node, 'axis', 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (perAxis && (scale.dims.length !== 1 || scale.dims[0] !== x.dims[axis])) throw shapeError(ctx.node, `scale ${formatDims(scale.dims)} does not match axis ${axis} of ${formatDims(x.dims)}`);
  const count = numElements(x.dims);
  const words = Math.ceil(count / 4);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('words', words);
  params.u32('inner', perAxis ? numElements(x.dims.slice(axis + 1)) : 1);
  params.u32('channels', perAxis ? x.dims[axis]! : 1);
  const signed = y.dtype === 'int8';
  // Whole words of input: one vec4 load. Per tensor: one scale and zero point for all lanes.
  const vec4 = count % 4 === 0;
  const xs = ['x', 'y', 'z', 'w'];
  const value = (l: number) => (vec4 ? `v.${xs[l]}` : `f32(X[min(e + ${l}u, last)])`);
  const params4 = (l: number) => (perAxis ? `f32(Scale[channel(e + ${l}u)]), zeroPoint(channel(e + ${l}u))` : 's, z');
  const lane = (l: number) => (vec4 ? `quantize(${value(l)}, ${params4(l)})` : `select(0.0, quantize(${value(l)}, ${params4(l)}), e + ${l}u < n)`);
  const body = `
${int8Helpers(ctx.profile)}
${zero ? quantReader('zeroPoint', 'Zero', zero) : 'fn zeroPoint(i: u32) -> f32 { return 0.0; }'}
${quantizeFunction(signed)}
fn channel(e: u32) -> u32 { return (e / param(P_INNER)) % param(P_CHANNELS); }

${linearEntryPoint()}
  if (index >= param(P_WORDS)) { return; }
  let n = param(P_COUNT);
  let last = n - 1u;
  let e = index * 4u;
  ${vec4 ? 'let v = vec4<f32>(X[index]);' : ''}
  ${perAxis ? '' : 'let s = f32(Scale[0]);\n  let z = zeroPoint(0u);'}
  Y[index] = ${packWord(signed, LANES.map(lane))};
}`;
  return kernelSource({
    variant: `quantize-linear-${y.dtype}${perAxis ? '-per-axis' : ''}${int8Variant(ctx.profile)}`,
    inputs: [{ name: 'X', elem: wgslElem(x, vec4) }, { name: 'Scale', elem: wgslElem(scale) }, ...(zero ? [{ name: 'Zero', elem: wgslElem(zero), index: 2 }] : [])],
    output: { name: 'Y', elem: 'u32' },
    params, body,
    workgroups: linearWorkgroups(words, ctx.profile.limits),
  });
}

function checkQuantize(node: Node): string | undefined {
  return attrInt(node, 'block_size', 0) !== 0 ? 'blocked quantization (block_size) is not supported' : undefined;
}

export const QUANTIZE_OPS: Record<string, OpDef> = {
  QuantizeLinear: {
    kind: 'kernel',
    dtypes: { types: { T1: FLOAT_DTYPES, T2: ['int8', 'uint8'] }, inputs: ['T1', 'T1', 'T2'], outputs: ['T2'] },
    check: checkQuantize,
    generate: generateQuantize,
  },
};
