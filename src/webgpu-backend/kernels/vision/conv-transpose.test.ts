// ConvTranspose against onnxruntime: strides 1–3, kernels smaller than, equal to and larger than
// the stride, pads, output_padding, output_shape, auto_pad SAME_UPPER/SAME_LOWER/VALID, dilations,
// groups (output channels per group not a multiple of 4), 1-D and 3-D, the PaddleOCR detection
// head's 2×2 stride-2 upsampling, and kiln.NhwcConvTranspose after to-nhwc.
// Tolerance: relative L2 error <= 1e-5 (float32).
import { describe, it } from 'vitest';
import type { AttrInput } from '../../../ir/builder.ts';
import { oneNodeModel, type OperandSpec } from '../../../node/kernel-check.ts';
import { expectMatchesOrt } from './test-support.ts';

type Case = [string, number[], number[], Record<string, AttrInput>];

const CASES: Case[] = [
  ['2×2 stride 2 (PaddleOCR)', [1, 6, 5, 4], [6, 6, 2, 2], { strides: [2, 2] }],
  ['2×2 stride 2 to one channel', [1, 8, 4, 4], [8, 1, 2, 2], { strides: [2, 2] }],
  ['3×3 stride 2, pads 1, output_padding 1', [2, 3, 5, 6], [3, 5, 3, 3], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }],
  ['4×4 stride 2, pads 1 (DCGAN)', [1, 4, 3, 5], [4, 9, 4, 4], { strides: [2, 2], pads: [1, 1, 1, 1] }],
  ['stride 1, asymmetric pads', [1, 3, 5, 5], [3, 4, 3, 2], { pads: [1, 0, 0, 1] }],
  ['stride 3 larger than the kernel', [1, 2, 4, 3], [2, 3, 2, 2], { strides: [3, 3] }],
  ['strides (2, 1), dilations (1, 2)', [1, 3, 4, 5], [3, 4, 3, 3], { strides: [2, 1], dilations: [1, 2], pads: [1, 2, 0, 1] }],
  ['group 2, 5 output channels per group', [1, 4, 3, 3], [4, 5, 3, 3], { group: 2, strides: [2, 2] }],
  ['output_shape (odd total padding)', [1, 3, 4, 4], [3, 2, 3, 3], { strides: [2, 2], output_shape: [8, 7] }],
  ['SAME_UPPER', [1, 3, 4, 5], [3, 2, 3, 3], { strides: [2, 2], auto_pad: 'SAME_UPPER' }],
  ['SAME_LOWER', [1, 3, 4, 5], [3, 2, 4, 3], { strides: [2, 2], auto_pad: 'SAME_LOWER' }],
  ['VALID', [1, 3, 4, 5], [3, 2, 3, 3], { strides: [2, 2], auto_pad: 'VALID' }],
  ['1-D', [2, 3, 7], [3, 4, 3], { strides: [2], pads: [1, 0] }],
  ['3-D', [1, 2, 3, 4, 3], [2, 3, 2, 3, 2], { strides: [2, 1, 2], pads: [0, 1, 0, 1, 0, 1] }],
];

function model([, x, w, attrs]: Case, bias = true) {
  const operands: OperandSpec[] = [{ dims: x }, { dims: w, constant: true }];
  if (bias) operands.push({ dims: [w[1]! * ((attrs['group'] as number | undefined) ?? 1)], constant: true });
  return oneNodeModel('ConvTranspose', operands, attrs, 12);
}

describe('ConvTranspose matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each(CASES)('%s', async (...c) => {
    const { model: m, inputs } = model(c);
    await expectMatchesOrt(m, inputs, { variant: /^conv-transpose-nchw$/ });
  });
  it('without a bias', async () => {
    const { model: m, inputs } = model(CASES[2]!, false);
    await expectMatchesOrt(m, inputs, { variant: /^conv-transpose-nchw$/ });
  });
  it.each(CASES.filter(([, x]) => x.length === 4).slice(0, 8))('NHWC: %s', async (...c) => {
    const { model: m, inputs } = model(c);
    await expectMatchesOrt(m, inputs, { variant: /^conv-transpose-nhwc$/, nhwc: true });
  });
});
