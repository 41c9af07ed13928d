// ScatterElements, Scatter and ScatterND against onnxruntime: exact for replacement, rel L2 <=
// 1e-5 for the float reductions (add, mul, max, min; duplicate indices combine in index order as
// onnxruntime's do). Negative indices, updates smaller than data along other axes, int32 data,
// and the refusal of an unknown reduction.
import { describe, expect, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { checkSupport } from '../../compile.ts';
import { expectNode, nodeModel } from './testing/check.ts';

const REL_L2 = 1e-5;
const idx = (dims: number[], values: number[]): OperandSpec => ({ dims, dtype: 'int64', values });

describe('ScatterElements matches onnxruntime', () => {
  it.each([
    [[3, 4], idx([2, 4], [0, 2, -1, 1, 2, 0, 1, -3]), 0],
    [[3, 5], idx([2, 3], [4, 0, -2, 1, 3, 2]), 1],
    [[2, 3, 4], idx([2, 2, 3], [0, 1, 2, 2, 1, 0, 1, 1, 0, 0, 2, 1]), -2],
  ] as const)('data %j indices %j axis %i (replace)', (dims, indices, axis) =>
    expectNode({ op: 'ScatterElements', operands: [{ dims: [...dims] }, indices, { dims: [...indices.dims] }], attrs: { axis }, opset: 18 }, { tolerance: 0, variant: 'scatter-elements-none' }),
  );
  it.each(['add', 'mul', 'max', 'min'])('reduction %s with duplicate indices', (reduction) =>
    expectNode(
      { op: 'ScatterElements', operands: [{ dims: [2, 5] }, idx([2, 4], [1, 1, 3, 1, 0, -1, 4, 0]), { dims: [2, 4] }], attrs: { axis: 1, reduction }, opset: 18 },
      { tolerance: REL_L2, variant: `scatter-elements-${reduction}` },
    ),
  );
  it('Scatter (opset 9) of int32 data', () =>
    expectNode({ op: 'Scatter', operands: [{ dims: [3, 3], dtype: 'int32', values: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, idx([1, 3], [2, 0, 1]), { dims: [1, 3], dtype: 'int32', values: [-1, -2, -3] }], attrs: { axis: 0 }, outputs: ['int32'], opset: 9 }, { tolerance: 0 }));
});

describe('ScatterND matches onnxruntime', () => {
  it.each([
    [[8], idx([4, 1], [4, 3, 1, 7]), [4]],
    [[4, 4, 4], idx([2, 1], [0, 2]), [2, 4, 4]],
    [[3, 4, 5], idx([2, 2, 2], [0, 1, 2, -1, 1, 0, -3, 3]), [2, 2, 5]],
    [[3, 4], idx([5, 2], [0, 0, 1, 2, 2, 3, 0, 3, 2, 1]), [5]],
  ] as const)('data %j indices %j updates %j (replace)', (dims, indices, updates) =>
    expectNode({ op: 'ScatterND', operands: [{ dims: [...dims] }, indices, { dims: [...updates] }], opset: 18 }, { tolerance: 0, variant: 'scatter-nd-none' }),
  );
  it.each(['add', 'mul', 'max', 'min'])('reduction %s with a repeated tuple', (reduction) =>
    expectNode({ op: 'ScatterND', operands: [{ dims: [4, 3] }, idx([3, 1], [1, 3, 1]), { dims: [3, 3] }], attrs: { reduction }, opset: 18 }, { tolerance: REL_L2, variant: `scatter-nd-${reduction}` }),
  );
});

it('refuses an unknown reduction by name', () => {
  const { model, inputs } = nodeModel({ op: 'ScatterND', operands: [{ dims: [4] }, idx([1, 1], [0]), { dims: [1] }], attrs: { reduction: 'avg' }, opset: 18 });
  expect(checkSupport(model, { inputShapes: Object.fromEntries(inputs.map((t) => [t.name, t.dims])) }).map((u) => u.reason)).toEqual(["reduction 'avg' is not one of none, add, mul, max, min"]);
});
