// LRN against onnxruntime: odd sizes (onnxruntime refuses even ones, whose windows the kernel
// makes asymmetric as the spec says), windows wider than the channel count, size 1, and the kiln.NhwcLRN form. Tolerance: relative L2 error <= 1e-5 (float32).
import { describe, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { oneNodeModel } from '../../../node/kernel-check.ts';
import { expectMatchesOrt } from './test-support.ts';

const CASES: [number[], number][] = [[[1, 7, 5, 5], 5], [[2, 6, 3, 4], 3], [[1, 3, 4, 4], 9], [[1, 5, 2, 3], 1]];

describe('LRN matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each(CASES)('%j size %i', (dims, size) => {
    const { model, inputs } = oneNodeModel('LRN', [{ dims }], { size, alpha: float(0.02), beta: float(0.75), bias: float(1.5) }, 5, [-3, 3]);
    return expectMatchesOrt(model, inputs, { variant: /^lrn-nchw$/ });
  });
  it.each(CASES.slice(0, 2))('NHWC %j size %i', (dims, size) => {
    const { model, inputs } = oneNodeModel('LRN', [{ dims }], { size, alpha: float(1e-2), beta: float(0.6), bias: float(2) }, 5, [-3, 3]);
    return expectMatchesOrt(model, inputs, { variant: /^lrn-nhwc$/, nhwc: true });
  });
});
