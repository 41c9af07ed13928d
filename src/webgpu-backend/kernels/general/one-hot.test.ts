// OneHot against onnxruntime: exact. Every axis (negative too), int64, int32 and float indices
// (negative ones wrap, out-of-range ones give a row of off values), int64, int32 and float depth. Depth
// is a constant here (the output's shape must be static); the kernel never reads it.
import { describe, it } from 'vitest';
import type { DType } from '../../../ir/dtype.ts';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const depth = (v: number, dtype: DType = 'int64'): OperandSpec => ({ dims: [], dtype, values: [v], constant: true });

describe('OneHot matches onnxruntime exactly', () => {
  it.each([
    [[2, 3], -1],
    [[2, 3], 0],
    [[2, 3], 1],
    [[4], -2],
  ] as const)('int64 indices %j, axis %i', (dims, axis) => {
    const values = Array.from({ length: dims.reduce((p, d) => p * d, 1) }, (_, i) => [0, 3, -1, 7, 2, -5][i % 6]!);
    return expectNode({ op: 'OneHot', operands: [{ dims: [...dims], dtype: 'int64', values }, depth(5), { dims: [2], values: [-1, 2.5] }], attrs: { axis }, opset: 11 }, { tolerance: 0, variant: 'one-hot' });
  });
  // Integral values: onnxruntime matches non-integral float indices to no position at all.
  it('float indices and float depth', () =>
    expectNode({ op: 'OneHot', operands: [{ dims: [5], values: [0, 2, 3, -1, 9] }, depth(4, 'float32'), { dims: [2], values: [0, 1] }], opset: 11 }, { tolerance: 0 }));
  it('int32 indices and int32 depth', () =>
    expectNode({ op: 'OneHot', operands: [{ dims: [3], dtype: 'int32', values: [2, 0, -3] }, depth(3, 'int32'), { dims: [2], values: [4, 9] }], attrs: { axis: 0 }, opset: 11 }, { tolerance: 0 }));
});
