// Unary kernels against onnxruntime. Tolerance: relative L2 error <= 1e-5 (float32).
import { describe, expect, it } from 'vitest';
import { checkOnGpu, oneNodeModel } from '../../node/kernel-check.ts';

const REL_L2 = 1e-5;

/** Input ranges that exercise each op where it is defined and interesting. */
const RANGES: Record<string, [number, number]> = {
  Relu: [-1, 1], Neg: [-1, 1], Abs: [-1, 1], Exp: [-4, 4], Sqrt: [0, 9],
  Sigmoid: [-12, 12], Tanh: [-12, 12], Erf: [-3, 3],
};
const SHAPES = [[1], [3, 17], [130], [2, 63], [4, 33]];

describe('unary kernels match onnxruntime (rel L2 <= 1e-5)', () => {
  const cases = Object.keys(RANGES).flatMap((op) => SHAPES.map((dims) => [op, dims] as const));
  it.each(cases)('%s on %j', async (op, dims) => {
    const { model, inputs } = oneNodeModel(op, [{ dims }], {}, 3, RANGES[op]);
    const check = await checkOnGpu(model, inputs);
    const [cmp] = check.comparisons;
    expect(cmp!.problem).toBeUndefined();
    expect(cmp!.relL2).toBeLessThanOrEqual(REL_L2);
    const count = dims.reduce((a, b) => a * b, 1);
    expect(check.compiled.plan.kernels[0]!.variant.endsWith('-vec4')).toBe(count % 4 === 0);
    check.compiled.destroy();
  });
});
