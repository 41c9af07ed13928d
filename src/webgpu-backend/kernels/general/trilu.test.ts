// Trilu and EyeLike against onnxruntime: exact (masks only). Trilu upper and lower with k from a
// run-time input (positive, negative, past the matrix) or absent, batched, non-square and empty
// matrices, int64 data; EyeLike square and wide with k, and with another output dtype.
import { describe, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const k = (v: number): OperandSpec => ({ dims: [], dtype: 'int64', values: [v] });

describe('Trilu matches onnxruntime exactly', () => {
  it.each([
    [[4, 5], 1, undefined],
    [[4, 5], 0, 2],
    [[3, 4, 5], 1, -1],
    [[2, 5, 3], 0, -7],
    [[3, 3], 0, 9],
    [[1, 6], 1, -2],
  ] as const)('%j upper=%i k=%s', (dims, upper, kv) =>
    expectNode({ op: 'Trilu', operands: [{ dims: [...dims] }, ...(kv === undefined ? [] : [k(kv)])], attrs: { upper }, opset: 14 }, { tolerance: 0, variant: upper ? 'triu' : 'tril' }),
  );
  it('int64 data', () =>
    expectNode({ op: 'Trilu', operands: [{ dims: [2, 3], dtype: 'int64', values: [1, 2, 3, 4, 5, 6] }, k(0)], attrs: { upper: 0 }, outputs: ['int64'], opset: 14 }, { tolerance: 0 }));
  it('an empty matrix', () => expectNode({ op: 'Trilu', operands: [{ dims: [0, 5] }, k(1)], opset: 14 }, { tolerance: 0 }));
});

describe('EyeLike matches onnxruntime exactly', () => {
  it.each([
    [[4, 4], 0],
    [[3, 6], 2],
    [[5, 3], -1],
  ] as const)('%j k=%i', (dims, kk) => expectNode({ op: 'EyeLike', operands: [{ dims: [...dims] }], attrs: { k: kk } }, { tolerance: 0, variant: 'eye-like' }));
  it('int32 output from a float input (dtype attribute)', () =>
    expectNode({ op: 'EyeLike', operands: [{ dims: [3, 4] }], attrs: { dtype: 6, k: 1 }, outputs: ['int32'] }, { tolerance: 0 }));
});
