// Signal processing: DFT, STFT, window generators and the mel filter bank. Complex values are a
// trailing axis of 2 (real, imaginary).
import { attrInt } from '../../attributes.ts';
import type { Dim } from '../../types.ts';
import { normalizeAxis } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { dtypeAttr } from './common.ts';

function dft(ctx: InferContext) {
  const x = ctx.shape(0);
  if (!x) return [tensorType(ctx.dtype(0))];
  const axisGiven = ctx.opset >= 20 ? (ctx.has(2) ? ctx.ints(2)?.[0] : -2) : attrInt(ctx.node, 'axis', 1);
  const realOutput = attrInt(ctx.node, 'inverse', 0) === 1 && attrInt(ctx.node, 'onesided', 0) === 1;
  if (axisGiven === undefined) return [tensorType(ctx.dtype(0), x.map((d, k) => (k === x.length - 1 ? (realOutput ? 1 : 2) : k === 0 ? d : ctx.fresh())))];
  // Axis counts over the signal dims, not the trailing complex axis.
  const axis = normalizeAxis(axisGiven < 0 ? axisGiven + x.length : axisGiven, x.length - 1);
  const length: Dim = ctx.has(1) ? (ctx.ints(1)?.[0] ?? ctx.fresh()) : x[axis]!;
  const onesided = attrInt(ctx.node, 'onesided', 0) === 1;
  const inverse = attrInt(ctx.node, 'inverse', 0) === 1;
  if (inverse && onesided) {
    // Inverse of a one-sided spectrum: a real signal of length dft_length, or 2 * (bins - 1).
    const n: Dim = ctx.has(1) ? (ctx.ints(1)?.[0] ?? ctx.fresh()) : typeof x[axis] === 'number' ? 2 * ((x[axis] as number) - 1) : ctx.fresh();
    const out = [...x.slice(0, -1), 1];
    out[axis] = n;
    return [tensorType(ctx.dtype(0), out)];
  }
  const bins: Dim = onesided ? (typeof length === 'number' ? Math.floor(length / 2) + 1 : ctx.fresh()) : length;
  const out = [...x.slice(0, -1), 2];
  out[axis] = bins;
  return [tensorType(ctx.dtype(0), out)];
}

function stft(ctx: InferContext) {
  const x = ctx.shape(0);
  const step = ctx.ints(1)?.[0];
  const frameLength = ctx.has(3) ? ctx.ints(3)?.[0] : ctx.shape(2)?.[0];
  if (!x) return [tensorType(ctx.dtype(0))];
  const len = x[1];
  const frames: Dim = typeof len === 'number' && typeof frameLength === 'number' && step ? Math.floor((len - frameLength) / step) + 1 : ctx.fresh();
  const onesided = attrInt(ctx.node, 'onesided', 1) === 1;
  const bins: Dim = typeof frameLength === 'number' ? (onesided ? Math.floor(frameLength / 2) + 1 : frameLength) : ctx.fresh();
  return [tensorType(ctx.dtype(0), [x[0]!, frames, bins, 2])];
}

const window = (ctx: InferContext) => {
  const size = ctx.ints(0)?.[0];
  return [tensorType(dtypeAttr(ctx, 'output_datatype', 'float32'), [size ?? ctx.fresh()])];
};

export const signalRules: RuleTable = {
  DFT: dft,
  STFT: stft,
  HannWindow: window,
  HammingWindow: window,
  BlackmanWindow: window,
  MelWeightMatrix: (ctx) => {
    const [bins, dftLength] = [ctx.ints(0)?.[0], ctx.ints(1)?.[0]];
    if (dftLength !== undefined && dftLength <= 0) throw new InferError(`dft_length ${dftLength} is not positive`);
    const rows: Dim = dftLength !== undefined ? Math.floor(dftLength / 2) + 1 : ctx.fresh();
    return [tensorType(dtypeAttr(ctx, 'output_datatype', 'float32'), [rows, bins ?? ctx.fresh()])];
  },
};
