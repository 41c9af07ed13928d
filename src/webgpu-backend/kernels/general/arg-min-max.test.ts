// ArgMax and ArgMin against onnxruntime: every axis of a rank-3 tensor, keepdims, ties with and
// without select_last_index, int32 values. Exact (indices).
import { describe, it } from 'vitest';
import { expectNode } from './testing/check.ts';

describe.each(['ArgMax', 'ArgMin'])('%s matches onnxruntime exactly', (op) => {
  const name = op.toLowerCase();
  it.each([[0, 1, '-strided'], [1, 0, '-strided'], [2, 1, ''], [-1, 0, '']] as const)('[3, 5, 7] axis %i keepdims %i', (axis, keepdims, tail) =>
    expectNode({ op, operands: [{ dims: [3, 5, 7] }], attrs: { axis, keepdims }, outputs: ['int64'], seed: 9 }, { tolerance: 0, variant: `${name}${tail}` }),
  );
  const ties = Array.from({ length: 12 }, (_, i) => [1, 3, 3, 0][i % 4]!);
  it.each([0, 1])('ties with select_last_index=%i', (select_last_index) =>
    expectNode({ op, operands: [{ dims: [3, 4], values: ties.map((v, i) => (i >= 8 ? -v : v)) }], attrs: { axis: 1, select_last_index }, outputs: ['int64'] }, { tolerance: 0 }),
  );
  it('int32 values', () =>
    expectNode({ op, operands: [{ dims: [17], dtype: 'int32', values: Array.from({ length: 17 }, (_, i) => (i * 7) % 13) }], attrs: { axis: 0, keepdims: 0 }, outputs: ['int64'] }, { tolerance: 0 }),
  );
});
