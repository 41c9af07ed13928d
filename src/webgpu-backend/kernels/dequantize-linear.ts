// DequantizeLinear: y = (x - zero_point) * scale, per tensor (scalar scale) or per axis (1-D
// scale along `axis`). int8/uint8 inputs are packed 4 per word and read through the int8 helpers;
// int32 inputs are plain i32. Blocked quantization (opset 21 block_size) is not lowered.
import { attrInt } from '../../ir/attributes.ts';
import type { Node } from '../../ir/types.ts';
import { numElements } from '../../ir/tensor.ts';
import { inputInfo, outputInfo, shapeError, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { int8Helpers, int8Reader, int8Variant } from '../wgsl/int8.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type BufferDecl, type KernelSource } from '../wgsl/shader.ts';

/** WGSL reading element `i` of a quantized input as i32, and its binding. */
function reader(fn: string, buffer: string, dtype: string): { wgsl: string; decl: BufferDecl } {
  if (dtype === 'int32') return { wgsl: `fn ${fn}(i: u32) -> i32 { return ${buffer}[i]; }`, decl: { name: buffer, elem: 'i32' } };
  const signed = dtype === 'int8';
  const raw = int8Reader(`${fn}_raw`, buffer, signed);
  return { wgsl: `${raw}\nfn ${fn}(i: u32) -> i32 { return i32(${fn}_raw(i)); }`, decl: { name: buffer, elem: 'u32' } };
}

function generateDequantize(ctx: OpContext): KernelSource {
  const [x, scale, y] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const zero = ctx.inputs[2];
  const rank = x.dims.length;
  const perAxis = scale.dims.length === 1 && numElements(scale.dims) > 1;
  const raw = attrInt(ctx.node, 'axis', 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (perAxis && scale.dims[0] !== x.dims[axis]) throw shapeError(ctx.node, `scale [${scale.dims}] does not match axis ${axis} of [${x.dims}]`);
  const count = numElements(x.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('inner', perAxis ? numElements(x.dims.slice(axis + 1)) : 1);
  params.u32('channels', perAxis ? (x.dims[axis] ?? 1) : 1);
  const readX = reader('readX', 'X', x.dtype);
  const readZ = zero ? reader('readZero', 'Zero', zero.dtype) : undefined;
  const body = `
${int8Helpers(ctx.profile)}
${readX.wgsl}
${readZ?.wgsl ?? 'fn readZero(i: u32) -> i32 { return 0; }'}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let channel = (index / param(P_INNER)) % param(P_CHANNELS);
  Y[index] = f32(readX(index) - readZero(channel)) * Scale[channel];
}`;
  return kernelSource({
    variant: `dequantize-linear-${x.dtype}${x.gpu.packed ? int8Variant(ctx.profile) : ''}`,
    inputs: [readX.decl, { name: 'Scale', elem: 'f32' }, ...(readZ ? [{ ...readZ.decl, index: 2 }] : [])],
    output: { name: 'Y', elem: 'f32' },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

function checkDequantize(node: Node): string | undefined {
  return attrInt(node, 'block_size', 0) !== 0 ? 'blocked quantization (block_size) is not supported' : undefined;
}

export const DEQUANTIZE_OPS: Record<string, OpDef> = {
  DequantizeLinear: {
    kind: 'kernel',
    dtypes: { types: { T: ['int8', 'uint8', 'int32'], F: ['float32'] }, inputs: ['T', 'F', 'T'], outputs: ['F'] },
    check: checkDequantize,
    generate: generateDequantize,
  },
};
