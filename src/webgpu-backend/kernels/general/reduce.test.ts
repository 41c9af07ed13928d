// The Reduce ops against onnxruntime: axes as an attribute (opset 11) and as an input (opset 18),
// keepdims, noop_with_empty_axes, negative axes, contiguous, strided and interleaved reduced
// blocks, both row shapes ('gpu' profile forces the workgroup one), int32. Tolerance: rel L2 <=
// 1e-5 for float32 (summation order differs from onnxruntime's), exact for integers.
import { describe, it } from 'vitest';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;
const OPS = ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceSumSquare', 'ReduceLogSum', 'ReduceLogSumExp'];
/** Positive inputs for ReduceLogSum (log of a sum) and ReduceProd (a product of values near 1). */
const rangeOf = (op: string): [number, number] => (op === 'ReduceLogSum' ? [0.1, 2] : op === 'ReduceProd' ? [0.6, 1.4] : [-2, 2]);

/** [dims, axes, keepdims, variant suffix]. */
const CASES: [number[], number[] | undefined, number, string][] = [
  [[3, 7], [1], 1, 'invocation'],
  [[2, 3, 8], [-1], 0, 'invocation-vec4'],
  [[4, 5, 3], [1], 1, 'invocation-strided'],
  [[2, 3, 4, 5], [1, 2], 0, 'invocation-strided'],
  [[3, 1, 5], [0, 1], 1, 'invocation-strided'],
  [[2, 3, 5], [0, 2], 1, 'general'],
  [[17], undefined, 0, 'invocation'],
  [[2, 3, 4], undefined, 1, 'invocation-vec4'],
];

describe.each(OPS)('%s matches onnxruntime (rel L2 <= 1e-5)', (op) => {
  const name = op.toLowerCase();
  it.each(CASES)('%j axes %j keepdims %i (attribute, opset 11)', (dims, axes, keepdims, variant) =>
    expectNode({ op, operands: [{ dims }], attrs: { ...(axes ? { axes } : {}), keepdims }, opset: 11, range: rangeOf(op), seed: 2 }, { tolerance: REL_L2, variant: `${name}-${variant}` }),
  );
  it('axes as an input (opset 18)', () =>
    expectNode({ op, operands: [{ dims: [3, 4, 6] }, { dims: [1], dtype: 'int64', values: [-2], constant: true }], attrs: { keepdims: 0 }, opset: 18, range: rangeOf(op) }, { tolerance: REL_L2, variant: `${name}-invocation-strided` }),
  );
  it('noop_with_empty_axes (opset 18)', () =>
    expectNode({ op, operands: [{ dims: [3, 5] }], attrs: { noop_with_empty_axes: 1 }, opset: 18, range: rangeOf(op) }, { tolerance: REL_L2 }),
  );
  it('long rows on a GPU profile (one workgroup per row)', async () => {
    await expectNode({ op, operands: [{ dims: [3, 300] }], attrs: { axes: [1] }, opset: 11, range: rangeOf(op) }, { tolerance: REL_L2, variant: `${name}-workgroup-vec4`, adapter: { kind: 'gpu' } });
    await expectNode({ op, operands: [{ dims: [2, 131] }], attrs: { axes: [1] }, opset: 11, range: rangeOf(op) }, { tolerance: REL_L2, variant: `${name}-workgroup`, adapter: { kind: 'gpu' } });
  });
});

describe('integer reductions are exact', () => {
  const values = Array.from({ length: 24 }, (_, i) => ((i * 13) % 9) - 4);
  it.each(['ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd'])('%s int32', (op) =>
    expectNode({ op, operands: [{ dims: [2, 3, 4], dtype: 'int32', values }], attrs: { axes: [1] }, outputs: ['int32'], opset: 11 }, { tolerance: 0, variant: `${op.toLowerCase()}-invocation-strided` }),
  );
});

describe('reducing an empty axis fills the output with the reduction of nothing', () => {
  // ReduceMean of nothing is NaN (0 / 0), which the comparison cannot match; the rest as onnxruntime.
  it.each(OPS.filter((op) => op !== 'ReduceMean'))('%s over an axis of length 0', (op) =>
    expectNode({ op, operands: [{ dims: [2, 0, 3] }, { dims: [1], dtype: 'int64', values: [1], constant: true }], attrs: { keepdims: 1 }, opset: 18 }, { tolerance: 0, variant: `${op.toLowerCase()}-empty` }),
  );
});
