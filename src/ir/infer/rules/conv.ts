// Convolutions: Conv and its integer, quantized, deformable, transposed and contrib forms.
// Layout NCHW... (NhwcConv: channels last); the kernel comes from the weight's shape.
import { attrInt, attrInts } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { formatShape, unifyDims } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { readWindow, transposedOutput, windowOutput } from './spatial.ts';

function kernelOf(ctx: InferContext, w: Shape): number[] {
  const given = attrInts(ctx.node, 'kernel_shape');
  if (given) return [...given];
  const spatial = w.slice(2);
  if (!spatial.every((d): d is number => typeof d === 'number')) throw new InferError(`weight shape ${formatShape(w)} has unknown kernel dims and no kernel_shape attribute`);
  return spatial;
}

/** Conv-like output shape for NCHW data x and OIHW weight w. */
function convShape(ctx: InferContext, x: Shape, w: Shape): Shape {
  if (x.length < 3 || w.length !== x.length) throw new InferError(`input ${formatShape(x)} and weight ${formatShape(w)} ranks do not fit a convolution`);
  const group = attrInt(ctx.node, 'group', 1);
  const c = x[1]!;
  if (typeof c === 'number' && typeof w[1] === 'number') {
    unifyDims(c, w[1] * group, () => `input channels ${c} do not match weight ${formatShape(w)} with group ${group}`);
  }
  const win = readWindow(ctx.node, kernelOf(ctx, w));
  return [x[0]!, w[0]!, ...x.slice(2).map((d, k) => windowOutput(win, k, d, ctx.fresh))];
}

function conv(dtypeInput: number | 'int32', xIndex = 0, wIndex = 1) {
  return (ctx: InferContext) => {
    const dtype = dtypeInput === 'int32' ? 'int32' : ctx.dtype(dtypeInput);
    const x = ctx.shape(xIndex);
    const w = ctx.shape(wIndex);
    return [tensorType(dtype, x && w ? convShape(ctx, x, w) : undefined)];
  };
}

function convTransposeShape(ctx: InferContext, x: Shape, w: Shape): Shape {
  if (x.length < 3 || w.length !== x.length) throw new InferError(`input ${formatShape(x)} and weight ${formatShape(w)} ranks do not fit ConvTranspose`);
  const group = attrInt(ctx.node, 'group', 1);
  const channels: Dim = typeof w[1] === 'number' ? w[1] * group : ctx.fresh();
  const win = readWindow(ctx.node, kernelOf(ctx, w));
  const outputShape = attrInts(ctx.node, 'output_shape');
  const r = x.length - 2;
  if (outputShape) return [x[0]!, channels, ...outputShape.slice(-r)];
  const outputPadding = attrInts(ctx.node, 'output_padding', Array(r).fill(0));
  return [x[0]!, channels, ...x.slice(2).map((d, k) => transposedOutput(win, k, d, outputPadding[k] ?? 0, ctx.fresh))];
}

export const convRules: RuleTable = {
  Conv: conv(0),
  ConvInteger: conv('int32'),
  // QLinearConv(x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B): y has y_zp's type.
  QLinearConv: conv(7, 0, 3),
  DeformConv: conv(0),
  ConvTranspose: (ctx) => {
    const x = ctx.shape(0);
    const w = ctx.shape(1);
    return [tensorType(ctx.dtype(0), x && w ? convTransposeShape(ctx, x, w) : undefined)];
  },
  // Depthwise causal conv over [B, C, L] with a carried state of the last K-1 steps.
  CausalConvWithState: (ctx) => {
    const x = ctx.shape(0);
    const w = ctx.shape(1);
    const k = w?.[2];
    const state: Shape | undefined = x && k !== undefined ? [x[0]!, x[1]!, typeof k === 'number' ? k - 1 : ctx.fresh()] : undefined;
    return [tensorType(ctx.dtype(0), x), tensorType(ctx.dtype(0), state)];
  },
};

export const contribConvRules: RuleTable = {
  FusedConv: conv(0),
  NhwcConv: (ctx) => {
    const x = ctx.shape(0);
    const w = ctx.shape(1);
    if (!x || !w) return [tensorType(ctx.dtype(0))];
    const nchw: Shape = [x[0]!, x[x.length - 1]!, ...x.slice(1, -1)];
    const out = convShape(ctx, nchw, w);
    return [tensorType(ctx.dtype(0), [out[0]!, ...out.slice(2), out[1]!])];
  },
};
