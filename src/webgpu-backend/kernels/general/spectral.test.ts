// DFT and STFT against onnxruntime: real and complex signals, forward and inverse, onesided
// (rfft, and irfft through Hermitian symmetry), every signal axis, dft_length shorter and longer
// than the signal (truncation, zero-padding), the axis as an attribute (opset 17) and as a
// constant input (opset 20); STFT with and without a window. Tolerance: rel L2 <= 1e-5 (f32 sums
// of exact twiddles; onnxruntime's FFT rounds differently).
import { describe, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;
const i64 = (v: number): OperandSpec => ({ dims: [], dtype: 'int64', values: [v], constant: true });

describe('DFT matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([
    [[2, 12, 1], 1, 0, 0, 'dft'],
    [[2, 12, 2], 1, 1, 0, 'dft-inverse'],
    [[3, 9, 1], 1, 0, 1, 'dft-onesided'],
    [[2, 5, 7, 2], 2, 0, 0, 'dft'],
    [[2, 5, 7, 1], 1, 0, 1, 'dft-onesided'],
  ] as const)('opset 17, %j axis %i inverse %i onesided %i', (dims, axis, inverse, onesided, variant) =>
    expectNode({ op: 'DFT', operands: [{ dims: [...dims] }], attrs: { axis, inverse, onesided }, opset: 17 }, { tolerance: REL_L2, variant }),
  );
  it.each([[8], [16]])('dft_length %i of a 12-long signal (truncated, zero-padded)', (length) =>
    expectNode({ op: 'DFT', operands: [{ dims: [2, 12, 2] }, i64(length)], attrs: { axis: 1 }, opset: 17 }, { tolerance: REL_L2 }),
  );
  it('axis as a constant input, negative (opset 20)', () =>
    expectNode({ op: 'DFT', operands: [{ dims: [1, 6, 10, 2] }, '', i64(-3)], attrs: { inverse: 1 }, opset: 20 }, { tolerance: REL_L2, variant: 'dft-inverse' }));
  it('irfft: a half spectrum back to a real signal of dft_length 10 (opset 20)', () =>
    expectNode({ op: 'DFT', operands: [{ dims: [2, 6, 2] }, i64(10), i64(1)], attrs: { inverse: 1, onesided: 1 }, opset: 20 }, { tolerance: REL_L2, variant: 'dft-inverse-onesided' }));
});

describe('STFT matches onnxruntime (rel L2 <= 1e-5)', () => {
  it('with a window', () =>
    expectNode({ op: 'STFT', operands: [{ dims: [2, 64, 1] }, i64(8), { dims: [16] }], opset: 17 }, { tolerance: REL_L2, variant: 'stft' }));
  it('with a frame_length and no window', () =>
    expectNode({ op: 'STFT', operands: [{ dims: [1, 50, 1] }, i64(6), '', i64(12)], opset: 17 }, { tolerance: REL_L2, variant: 'stft' }));
});
