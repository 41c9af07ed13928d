// int8/uint8 kernels (packed 4 per u32) against onnxruntime, with the WGSL packed_4x8 builtins
// (Dawn has them) and with the portable fallback forced. Tolerance: exact for int32 results,
// rel L2 <= 1e-5 for float32.
import { describe, expect, it } from 'vitest';
import type { DType } from '../../ir/dtype.ts';
import { checkOnGpu, oneNodeModel, type OperandSpec } from '../../node/kernel-check.ts';

const ints = (n: number, lo: number, hi: number, seed: number) => Array.from({ length: n }, (_, i) => lo + ((i * 37 + seed * 11) % (hi - lo + 1)));

async function expectMatchesOrt(op: string, operands: OperandSpec[], attrs: Record<string, number>, out: DType, packed4x8: boolean, variant: string, tolerance: number): Promise<void> {
  const { model, inputs } = oneNodeModel(op, operands, attrs, 1, [-1, 1], [out]);
  const check = await checkOnGpu(model, inputs, { adapter: { packed4x8 } });
  const [cmp] = check.comparisons;
  expect(cmp!.problem).toBeUndefined();
  expect(cmp!.relL2).toBeLessThanOrEqual(tolerance);
  expect(check.compiled.plan.kernels[0]!.variant).toBe(variant);
  check.compiled.destroy();
}

describe.each([true, false])('int8 kernels (packed_4x8 builtins: %s)', (packed4x8) => {
  const tail = packed4x8 ? '-dot4' : '-unpack';

  it.each(['int8', 'uint8'] as const)('DequantizeLinear %s per tensor, odd element count', (dtype) => {
    const [lo, hi] = dtype === 'int8' ? [-128, 127] : [0, 255];
    const operands: OperandSpec[] = [{ dims: [3, 7], dtype, values: ints(21, lo, hi, 1) }, { dims: [], values: [0.05], constant: true }, { dims: [], dtype, values: [dtype === 'int8' ? -3 : 128], constant: true }];
    return expectMatchesOrt('DequantizeLinear', operands, {}, 'float32', packed4x8, `dequantize-linear-${dtype}${tail}`, 1e-5);
  });

  it('DequantizeLinear int8 per axis (constant weights, scales from a graph input)', () => {
    const operands: OperandSpec[] = [{ dims: [4, 3, 2], dtype: 'int8', values: ints(24, -128, 127, 2), constant: true }, { dims: [3], values: [0.1, 0.02, 0.5] }, { dims: [3], dtype: 'int8', values: [0, 5, -7], constant: true }];
    return expectMatchesOrt('DequantizeLinear', operands, { axis: 1 }, 'float32', packed4x8, `dequantize-linear-int8${tail}`, 1e-5);
  });

  it.each([['int8', 'int8'], ['uint8', 'uint8']] as const)('MatMulInteger %s × %s, K a multiple of 4', (a, b) => {
    const range = (d: DType): [number, number] => (d === 'int8' ? [-128, 127] : [0, 255]);
    const operands: OperandSpec[] = [{ dims: [5, 12], dtype: a, values: ints(60, ...range(a), 3) }, { dims: [12, 7], dtype: b, values: ints(84, ...range(b), 4), constant: true }];
    return expectMatchesOrt('MatMulInteger', operands, {}, 'int32', packed4x8, `matmul-integer${packed4x8 ? '-dot4' : '-unpack'}`, 0);
  });

  it('MatMulInteger uint8 × int8 with zero points, odd K (always the unpacking variant)', () => {
    const operands: OperandSpec[] = [
      { dims: [3, 5], dtype: 'uint8', values: ints(15, 0, 255, 5) },
      { dims: [5, 4], dtype: 'int8', values: ints(20, -128, 127, 6), constant: true },
      { dims: [], dtype: 'uint8', values: [130], constant: true },
      { dims: [], dtype: 'int8', values: [-2], constant: true },
    ];
    return expectMatchesOrt('MatMulInteger', operands, {}, 'int32', packed4x8, 'matmul-integer-unpack', 0);
  });
});
