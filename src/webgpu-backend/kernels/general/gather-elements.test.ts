// GatherElements and GatherND against onnxruntime: exact (elements only move). GatherElements on
// every axis with negative indices, int32 and int64 indices, int64 data and indices smaller than
// the data along other axes; GatherND with batch_dims, whole-row slices and scalar picks.
import { describe, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const idx = (dims: number[], values: number[], dtype: 'int64' | 'int32' = 'int64'): OperandSpec => ({ dims, dtype, values });

describe('GatherElements matches onnxruntime exactly', () => {
  it.each([
    [[3, 4], idx([2, 4], [0, 2, -1, 1, 2, 0, 0, -3]), 0],
    [[3, 4], idx([3, 2], [3, 0, -4, 1, 2, 2]), 1],
    [[2, 3, 5], idx([2, 2, 5], Array.from({ length: 20 }, (_, i) => (i * 7) % 3), 'int32'), 1],
    [[2, 3, 5], idx([1, 3, 2], [4, 0, -1, 2, 3, 3]), -1],
    [[7], idx([3], [6, 0, -7]), 0],
  ] as const)('data %j indices %j axis %i', (dims, indices, axis) =>
    expectNode({ op: 'GatherElements', operands: [{ dims: [...dims] }, indices], attrs: { axis } }, { tolerance: 0, variant: 'gather-elements' }),
  );
  it('int64 data', () =>
    expectNode({ op: 'GatherElements', operands: [{ dims: [2, 3], dtype: 'int64', values: [1, -2, 3, 40, 50, -60] }, idx([2, 2], [2, 0, 1, 1])], attrs: { axis: 1 }, outputs: ['int64'] }, { tolerance: 0 }));
});

describe('GatherND matches onnxruntime exactly', () => {
  it.each([
    [[2, 2], idx([2, 2], [0, 0, 1, 1]), 0],
    [[2, 2], idx([2, 1], [1, 0]), 0],
    [[2, 3, 4], idx([2, 1, 2], [0, 2, 1, -1]), 0],
    [[2, 3, 4], idx([2, 1], [2, -3]), 1],
    [[2, 3, 5, 3], idx([2, 3, 2], [0, 4, 1, 1, 2, 0, 0, 0, 1, 3, 2, 2]), 1],
  ] as const)('data %j indices %j batch_dims %i', (dims, indices, batch_dims) =>
    expectNode({ op: 'GatherND', operands: [{ dims: [...dims] }, indices], attrs: { batch_dims } }, { tolerance: 0, variant: 'gather-nd' }),
  );
});
