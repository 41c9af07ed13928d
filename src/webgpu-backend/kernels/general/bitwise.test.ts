// BitwiseAnd, BitwiseOr, BitwiseXor (broadcasting), BitwiseNot and BitShift (LEFT, RIGHT, shifts
// past the width) against onnxruntime: exact. int32 with negative values, uint32 with the top bit.
import { describe, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const ints = (dims: number[], values: number[], dtype: 'int32' | 'uint32' = 'int32'): OperandSpec => ({ dims, dtype, values });

describe('bitwise ops match onnxruntime exactly', () => {
  it.each(['BitwiseAnd', 'BitwiseOr', 'BitwiseXor'])('%s of int32, broadcast [2, 3] with [3]', (op) =>
    expectNode({ op, operands: [ints([2, 3], [5, -6, 255, 0, -1, 1 << 30]), ints([3], [3, -2, 0x0f0f])], outputs: ['int32'], opset: 18 }, { tolerance: 0, variant: op.toLowerCase() }),
  );
  it('BitwiseAnd of uint32 with the top bit', () =>
    expectNode({ op: 'BitwiseAnd', operands: [ints([3], [0xffffffff, 0x80000001, 7], 'uint32'), ints([3], [0x80000000, 0xffffffff, 2], 'uint32')], outputs: ['uint32'], opset: 18 }, { tolerance: 0 }));
  it('BitwiseNot of int32', () => expectNode({ op: 'BitwiseNot', operands: [ints([2, 2], [0, -1, 7, -(2 ** 31)])], outputs: ['int32'], opset: 18 }, { tolerance: 0, variant: 'bitwisenot' }));
  it.each(['LEFT', 'RIGHT'])('BitShift %s of uint32, shifts to 31', (direction) =>
    expectNode(
      { op: 'BitShift', operands: [ints([2, 3], [1, 0xffffffff, 0x80000000, 12345, 3, 7], 'uint32'), ints([3], [0, 31, 4], 'uint32')], attrs: { direction }, outputs: ['uint32'], opset: 11 },
      { tolerance: 0, variant: 'bitshift' },
    ),
  );
});
