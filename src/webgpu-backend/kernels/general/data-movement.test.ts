// Concat, Slice, Expand and Tile against onnxruntime: exact (they only move elements). Concat:
// every axis, odd blocks, vec4 and packed-word blocks, an empty input, constants, and a Concat
// marked for in-place that the planner declines. Slice: attribute form (opset 9), input form
// with negative axes and steps, clamped starts/ends. Expand and Tile: broadcasting and repeats.
import { describe, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import type { DType } from '../../../ir/dtype.ts';
import { expectMatchesOrt, expectNode, nodeModel } from './testing/check.ts';

const i64 = (values: number[]): OperandSpec => ({ dims: [values.length], dtype: 'int64', values, constant: true });

describe('Concat matches onnxruntime exactly', () => {
  it.each([
    [[[2, 3], [2, 5]], 1, 'concat-2'],
    [[[2, 3], [1, 3], [4, 3]], 0, 'concat-3'],
    [[[2, 4, 2], [2, 2, 2], [2, 6, 2]], 1, 'concat-3-vec4'],
    [[[3, 1, 5], [3, 2, 5]], -2, 'concat-2'],
    [[[2, 0, 3], [2, 3, 3]], 1, 'concat-1'],
  ] as const)('%j along axis %i', (shapes, axis, variant) =>
    expectNode({ op: 'Concat', operands: shapes.map((dims, k) => ({ dims, constant: k === 1 && shapes.length === 3 })), attrs: { axis } }, { tolerance: 0, variant }),
  );
  it.each(['int64', 'bool', 'float16'] as const)('%s tensors', (dtype: DType) =>
    expectNode({ op: 'Concat', operands: [{ dims: [3, 2], dtype, values: [1, 0, 1, 1, 0, 0] }, { dims: [3, 1], dtype, values: [0, 1, 1] }], attrs: { axis: 1 }, outputs: [dtype] }, { tolerance: 0 }),
  );
  it('uint8 blocks of whole words', () =>
    expectNode({ op: 'Concat', operands: [{ dims: [2, 4], dtype: 'uint8', values: [1, 2, 3, 4, 5, 6, 7, 8] }, { dims: [2, 8], dtype: 'uint8', values: Array.from({ length: 16 }, (_, i) => 200 + i) }], attrs: { axis: 1 }, outputs: ['uint8'] }, { tolerance: 0, variant: 'concat-2-words' }),
  );
  it('runs as a kernel when the in-place form is declined (slices not contiguous)', async () => {
    const { model, inputs } = nodeModel({ op: 'Concat', operands: [{ dims: [2, 3] }, { dims: [2, 5] }], attrs: { axis: 1 } });
    const nodes = model.graph.nodes.map((n) => ({ ...n, metadata: [{ key: 'kiln.concat_in_place', value: 'true' }] }));
    await expectMatchesOrt({ ...model, graph: { ...model.graph, nodes } }, inputs, { tolerance: 0, variant: 'concat-2' });
  });
});

describe('Slice matches onnxruntime exactly', () => {
  it('attribute form (opset 9)', () =>
    expectNode({ op: 'Slice', operands: [{ dims: [4, 7] }], attrs: { starts: [1, -5], ends: [3, 100], axes: [0, 1] }, opset: 9 }, { tolerance: 0, variant: 'slice' }));
  it.each([
    [[5, 7], [1], [4], [1], [1], 'slice'],
    [[5, 7], [-1, 0], [-1e18, 7], [0, 1], [-1, 2], 'slice-reversed'],
    [[3, 4, 5], [1e18, 0], [-1e18, 3], [-1, -2], [-2, 1], 'slice-reversed'],
    [[17], [2], [1e18], [0], [3], 'slice'],
    [[2, 3, 4], [0], [2], [2], [1], 'slice'],
  ] as const)('%j starts %j ends %j axes %j steps %j', (dims, starts, ends, axes, steps, variant) =>
    expectNode({ op: 'Slice', operands: [{ dims }, i64([...starts]), i64([...ends]), i64([...axes]), i64([...steps])], opset: 13 }, { tolerance: 0, variant }),
  );
  it('int64 data without axes and steps', () =>
    expectNode({ op: 'Slice', operands: [{ dims: [6], dtype: 'int64', values: [5, 4, 3, 2, 1, 0] }, i64([1]), i64([-1])], outputs: ['int64'], opset: 13 }, { tolerance: 0 }));
});

describe('Expand and Tile match onnxruntime exactly', () => {
  it.each([[[3, 1], [2, 3, 5]], [[1], [7]], [[2, 1, 4], [2, 3, 1]], [[5], [3, 1]]] as const)('Expand %j to %j', (dims, shape) =>
    expectNode({ op: 'Expand', operands: [{ dims }, i64([...shape])] }, { tolerance: 0, variant: 'expand' }));
  it.each([[[2, 3], [2, 1]], [[3], [3]], [[2, 1, 3], [1, 4, 2]]] as const)('Tile %j by %j', (dims, repeats) =>
    expectNode({ op: 'Tile', operands: [{ dims }, i64([...repeats])] }, { tolerance: 0, variant: 'tile' }));
  it('Tile of a bool tensor', () =>
    expectNode({ op: 'Tile', operands: [{ dims: [3], dtype: 'bool', values: [1, 0, 1] }, i64([2])], outputs: ['bool'] }, { tolerance: 0 }));
});
