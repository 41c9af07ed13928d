// Transpose against onnxruntime. Tolerance: relative L2 error <= 1e-5 (float32; it only moves
// values, so any error at all means a wrong index).
import { describe, expect, it } from 'vitest';
import { checkOnGpu, oneNodeModel } from '../../node/kernel-check.ts';

const REL_L2 = 1e-5;

describe('Transpose matches onnxruntime (rel L2 <= 1e-5)', () => {
  const cases: [number[], number[] | undefined][] = [
    [[1], [0]],
    [[3, 17], [1, 0]],
    [[3, 17, 5], undefined],
    [[3, 17, 5], [1, 2, 0]],
    [[2, 3, 4, 5], [0, 2, 3, 1]],
    [[130, 1, 3], [2, 0, 1]],
  ];
  it.each(cases)('%j perm %j', async (dims, perm) => {
    const { model, inputs } = oneNodeModel('Transpose', [{ dims }], { perm }, 2);
    const check = await checkOnGpu(model, inputs);
    const [cmp] = check.comparisons;
    expect(cmp!.problem).toBeUndefined();
    expect(cmp!.relL2).toBeLessThanOrEqual(REL_L2);
    check.compiled.destroy();
  });

  it('rejects a perm that is not a permutation', async () => {
    const { model, inputs } = oneNodeModel('Transpose', [{ dims: [2, 3] }], { perm: [0, 0] });
    await expect(checkOnGpu(model, inputs)).rejects.toThrow(/Transpose \(transpose0\): perm \[0,0\] does not fit rank 2/);
  });
});
