// Cast between float32, float16 (emulated in f32 on SwiftShader), int32, int64 and bool, against
// onnxruntime. Tolerance: exact for integer and bool results; rel L2 <= 1e-5 for float32, and
// float16 results rounded like onnxruntime's (rel L2 <= 1e-3, float16's precision).
import { describe, expect, it } from 'vitest';
import type { DType } from '../../ir/dtype.ts';
import { checkOnGpu, oneNodeModel } from '../../node/kernel-check.ts';

const VALUES = [-3.7, -1, -0.5, 0, 0.25, 1, 2.5, 100.3, 65519.9, -7];

const cases: [DType, DType, number][] = [
  ['float32', 'int64', 0],
  ['float32', 'int32', 0],
  ['float32', 'bool', 0],
  ['int64', 'float32', 1e-5],
  ['int32', 'int64', 0],
  ['bool', 'float32', 0],
  ['float32', 'float16', 1e-3],
  ['float16', 'float32', 1e-5],
];

describe('Cast matches onnxruntime', () => {
  it('float32 -> float16 keeps infinities and NaN, and rounds overflow to infinity', async () => {
    const values = [Infinity, -Infinity, NaN, 65519, 65520, -1e6, 1e-8, 0.1];
    const { model, inputs } = oneNodeModel('Cast', [{ dims: [8], values }], { to: 10 }, 1, [-1, 1], ['float16']);
    const check = await checkOnGpu(model, inputs);
    expect(check.comparisons[0]!.mismatches).toBe(0);
    check.compiled.destroy();
  });

  it.each(cases)('%s -> %s (rel L2 <= %d)', async (from, to, tolerance) => {
    const values = from === 'bool' ? VALUES.map((v) => (v > 0 ? 1 : 0)) : from.startsWith('int') ? VALUES.map(Math.trunc) : VALUES;
    const { model, inputs } = oneNodeModel('Cast', [{ dims: [2, 5], dtype: from, values }], { to: DTYPE_CODE[to] }, 1, [-1, 1], [to]);
    const check = await checkOnGpu(model, inputs);
    const [cmp] = check.comparisons;
    expect(cmp!.problem).toBeUndefined();
    expect(cmp!.relL2).toBeLessThanOrEqual(tolerance);
    expect(check.compiled.plan.kernels[0]!.variant).toBe(`cast-${from}-${to}`);
    check.compiled.destroy();
  });
});

const DTYPE_CODE: Partial<Record<DType, number>> = { float32: 1, int32: 6, int64: 7, bool: 9, float16: 10 };

describe('CastLike matches onnxruntime', () => {
  it.each([['float32', 'int32'], ['int64', 'float32'], ['float32', 'float16']] as [DType, DType][])('%s like %s', async (from, to) => {
    const values = from.startsWith('int') ? VALUES.map(Math.trunc) : VALUES;
    const target = { dims: [1], dtype: to, values: [0] };
    const { model, inputs } = oneNodeModel('CastLike', [{ dims: [2, 5], dtype: from, values }, target], {}, 1, [-1, 1], [to]);
    const check = await checkOnGpu(model, inputs);
    const [cmp] = check.comparisons;
    expect(cmp!.problem).toBeUndefined();
    expect(cmp!.relL2).toBeLessThanOrEqual(to === 'float16' ? 1e-3 : 1e-5);
    expect(check.compiled.plan.kernels).toHaveLength(1);
    check.compiled.destroy();
  });
});
