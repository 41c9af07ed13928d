// ConvTranspose (groups, strides, pads, output_padding, output_shape, dilations, auto_pad, 1-D to
// 3-D) and its channels-last form kiln.NhwcConvTranspose (weights [k..., Cin, Cout/group], see
// src/passes/layout/nhwc-ops.ts). The output size comes from shape inference; the begin pads are
// the attribute, or, with output_shape or auto_pad SAME_*, the total padding split the way
// onnxruntime splits it (checked in conv-transpose.test.ts).
import { attrInts, attrString } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, sameDtype, shapeError, type OpContext, type OpDef } from '../../op-def.ts';
import { linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { convTransposeBody } from './conv-transpose-wgsl.ts';
import { floatScalar } from './float-wgsl.ts';
import { channelsFirst, checkWindowAttrs, groupOf, product, type Layout } from './geometry.ts';

/** Begin pads: explicit, or onnxruntime's split of the total when output_shape or SAME_* sets the size. */
function transposePads(node: Node, inSp: readonly number[], outSp: readonly number[], kernel: readonly number[], strides: readonly number[], dilations: readonly number[]): number[] {
  const r = kernel.length;
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  const outputPadding = attrInts(node, 'output_padding', Array<number>(r).fill(0));
  const pads = attrInts(node, 'pads');
  if (autoPad === 'VALID') return Array<number>(r).fill(0);
  if (!attrInts(node, 'output_shape') && autoPad === 'NOTSET') return pads ? pads.slice(0, r) : Array<number>(r).fill(0);
  return kernel.map((k, d) => {
    const total = Math.max(0, (inSp[d]! - 1) * strides[d]! + outputPadding[d]! + (k - 1) * dilations[d]! + 1 - outSp[d]!);
    // The odd pixel goes first for SAME_LOWER and for output_shape, last for SAME_UPPER.
    return autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
  });
}

function generateConvTranspose(ctx: OpContext, layout: Layout): KernelSource {
  const node = ctx.node;
  const [x, w, y] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const r = x.dims.length - 2;
  if (r < 1 || r > 3 || w.dims.length !== r + 2 || y.dims.length !== r + 2) throw shapeError(node, `input ${formatDims(x.dims)} and weight ${formatDims(w.dims)} are not a 1-D to 3-D transposed convolution`);
  const xs = channelsFirst(x.dims, layout);
  const ys = channelsFirst(y.dims, layout);
  const kernel = layout === 'nchw' ? w.dims.slice(2) : w.dims.slice(0, r);
  const [wIn, wOut] = layout === 'nchw' ? [w.dims[0]!, w.dims[1]!] : [w.dims[r]!, w.dims[r + 1]!];
  const group = groupOf(node);
  const cig = xs[1]! / group;
  if (wIn !== xs[1] || !Number.isInteger(cig) || ys[1] !== wOut * group) throw shapeError(node, `input ${formatDims(x.dims)}, weight ${formatDims(w.dims)} and group ${group} do not agree`);
  const b = ctx.inputs[2];
  if (b && (b.dims.length !== 1 || b.dims[0] !== ys[1])) throw shapeError(node, `bias ${formatDims(b.dims)} is not [${ys[1]}]`);
  const ones = Array<number>(r).fill(1);
  const strides = attrInts(node, 'strides', ones);
  const dilations = attrInts(node, 'dilations', ones);
  const inSp = xs.slice(2);
  const outSp = ys.slice(2);
  const pads = transposePads(node, inSp, outSp, kernel, strides, dilations);
  // 1-D runs as 2-D with a unit leading axis.
  const lift = (v: readonly number[], one: number) => (r === 1 ? [one, ...v] : [...v]);
  const spatial = Math.max(2, r);
  const channels = wOut >= 8 ? 8 : 4;
  const coTiles = Math.ceil(wOut / channels);
  const outLast = outSp[r - 1]!;
  const stride = strides[r - 1]!;
  const quads = Math.ceil(Math.ceil(outLast / stride) / 4);
  const rows = product(outSp) / outLast;
  const count = xs[0]! * coTiles * group * rows * stride * quads;
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('in_sp', lift(inSp, 1));
  params.u32s('out_sp', lift(outSp, 1));
  params.u32s('kernel', lift(kernel, 1));
  params.u32s('strides', lift(strides, 1));
  params.u32s('dilations', lift(dilations, 1));
  params.u32s('pads', lift(pads, 0));
  params.u32('in_pixels', product(inSp));
  params.u32('out_pixels', product(outSp));
  params.u32('c_in', xs[1]!);
  params.u32('c_out', ys[1]!);
  params.u32('cig', cig);
  params.u32('cog', wOut);
  params.u32('group', group);
  params.u32('taps', product(kernel));
  params.u32('co_tiles', coTiles);
  params.u32('quads', quads);
  params.u32('rows', rows);
  const t = floatScalar(y);
  return kernelSource({
    variant: `conv-transpose-${layout}`,
    inputs: [{ name: 'X', elem: t, index: 0 }, { name: 'W', elem: t, index: 1 }, ...(b ? [{ name: 'B', elem: t, index: 2 }] : [])],
    output: { name: 'Y', elem: t },
    params,
    body: convTransposeBody({ layout, spatial, channels, t, hasBias: b !== undefined }),
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

function checkConvTranspose(node: Node): string | undefined {
  if (node.inputs.length < 2 || !node.inputs[0] || !node.inputs[1]) return 'ConvTranspose needs inputs X and W';
  return checkWindowAttrs(node);
}

const op = (layout: Layout): OpDef => ({ kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES, 3), check: checkConvTranspose, generate: (ctx) => generateConvTranspose(ctx, layout) });

export const CONV_TRANSPOSE_OPS: Record<string, OpDef> = {
  ConvTranspose: op('nchw'),
  'kiln.NhwcConvTranspose': op('nhwc'),
};
