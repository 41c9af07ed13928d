// Gather with int32 and int64 indices (int64 runs as int32 on the GPU) against onnxruntime, and
// the range checks that narrowing needs. Tolerance: exact (values only move; rel L2 <= 1e-5).
import { describe, expect, it } from 'vitest';
import { checkOnGpu, oneNodeModel, type OperandSpec } from '../../node/kernel-check.ts';
import { checkSupport } from '../compile.ts';

const REL_L2 = 1e-5;

async function expectMatchesOrt(operands: OperandSpec[], axis: number, outDtype: 'float32' | 'int64' = 'float32'): Promise<void> {
  const { model, inputs } = oneNodeModel('Gather', operands, { axis }, 4, [-1, 1], [outDtype]);
  const check = await checkOnGpu(model, inputs);
  const [cmp] = check.comparisons;
  expect(cmp!.problem).toBeUndefined();
  expect(cmp!.relL2).toBeLessThanOrEqual(REL_L2);
  expect(check.compiled.plan.kernels.map((k) => k.variant)).toEqual(['gather']);
  check.compiled.destroy();
}

describe('Gather matches onnxruntime (rel L2 <= 1e-5)', () => {
  it('int64 indices from a graph input, negative ones included, axis 0', () =>
    expectMatchesOrt([{ dims: [5, 3] }, { dims: [2, 2], dtype: 'int64', values: [4, -1, 0, -5] }], 0));

  it('constant int32 indices along axis 1', () =>
    expectMatchesOrt([{ dims: [2, 7, 3] }, { dims: [4], dtype: 'int32', values: [6, 0, 3, 3], constant: true }], 1));

  it('a scalar index drops the axis', () => expectMatchesOrt([{ dims: [4, 6] }, { dims: [], dtype: 'int64', values: [2] }], 1));

  it('int64 data (token ids) gathered by int64 indices', () =>
    expectMatchesOrt([{ dims: [6], dtype: 'int64', values: [10, -20, 30, 40, 2 ** 31 - 1, -(2 ** 31)] }, { dims: [3], dtype: 'int64', values: [5, 4, 1] }], 0, 'int64'));

  it('reports constant int64 indices outside int32, naming the node', () => {
    const { model } = oneNodeModel('Gather', [{ dims: [3] }, { dims: [1], dtype: 'int64', values: [2 ** 33], constant: true }]);
    expect(checkSupport(model, { inputShapes: {} })).toEqual([
      { nodeId: 'gather0', opType: 'Gather', reason: "constant 'in1' holds 8589934592 at element 0, outside int32 (int64 runs as int32 on the GPU)" },
    ]);
  });

  it('rejects int64 run inputs outside int32 with the input and element', async () => {
    const { model, inputs } = oneNodeModel('Gather', [{ dims: [3] }, { dims: [2], dtype: 'int64', values: [0, 2 ** 40] }]);
    await expect(checkOnGpu(model, inputs)).rejects.toThrow("input 'in1' holds 1099511627776 at element 1: int64 values must fit in int32 on the GPU");
  });
});
