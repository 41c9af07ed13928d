// Binary elementwise kernels against onnxruntime. Tolerance: relative L2 error <= 1e-5 (float32).
import { describe, expect, it } from 'vitest';
import { checkOnGpu, oneNodeModel } from '../../node/kernel-check.ts';

const REL_L2 = 1e-5;

/** [a dims, b dims, expected variant suffix (broadcasting variants add how each input is read)]. */
const SHAPES: [number[], number[], string][] = [
  [[1], [1], ''],
  [[3, 17], [3, 17], ''],
  [[130], [130], ''],
  [[4, 33], [4, 33], '-vec4'],
  [[2, 63], [63], '-broadcast'],
  [[17], [3, 17], '-broadcast'],
  [[3, 1, 5], [1, 4, 1], '-broadcast'],
  [[2, 3, 4], [], '-broadcast'],
  [[130, 1], [1, 3], '-broadcast'],
];

describe('binary kernels match onnxruntime (rel L2 <= 1e-5)', () => {
  const cases = ['Add', 'Sub', 'Mul', 'Div'].flatMap((op) => SHAPES.map(([a, b, variant]) => [op, a, b, variant] as const));
  it.each(cases)('%s %j with %j', async (op, a, b, variant) => {
    // Div: denominators kept away from 0 so the comparison measures the kernel, not ill-conditioning.
    const { model, inputs } = oneNodeModel(op, [{ dims: a }, { dims: b }], {}, 5, op === 'Div' ? [0.5, 2] : [-1, 1]);
    const check = await checkOnGpu(model, inputs);
    const [cmp] = check.comparisons;
    expect(cmp!.problem).toBeUndefined();
    expect(cmp!.relL2).toBeLessThanOrEqual(REL_L2);
    const got = check.compiled.plan.kernels[0]!.variant;
    if (variant === '-broadcast') expect(got.startsWith(`binary-${op.toLowerCase()}-broadcast`), got).toBe(true);
    else expect(got).toBe(`binary-${op.toLowerCase()}${variant}`);
    check.compiled.destroy();
  });

  it('reads a constant operand from a weight buffer', async () => {
    const { model, inputs } = oneNodeModel('Add', [{ dims: [2, 5] }, { dims: [5], constant: true }], {}, 6);
    const check = await checkOnGpu(model, inputs);
    expect(check.comparisons[0]!.relL2).toBeLessThanOrEqual(REL_L2);
    expect(check.compiled.memory.weightBytes).toBe(5 * 4);
    check.compiled.destroy();
  });

  it('rejects shapes that do not broadcast, naming the node', async () => {
    const { model, inputs } = oneNodeModel('Add', [{ dims: [3] }, { dims: [4] }]);
    await expect(checkOnGpu(model, inputs)).rejects.toThrow(/Add \(add0\): cannot broadcast shapes \[3\] and \[4\]/);
  });
});
