// ReduceSum/Mean/Prod/Min/Max: attribute axes (opset 13 except ReduceSum), input axes (opset 18),
// keepdims, negative axes, noop_with_empty_axes, int64; against onnxruntime.
import { describe, it } from 'vitest';
import { expectMatchesOrt, ints64, randomTensor } from '../testing/oracle.ts';

const OPS = ['ReduceSum', 'ReduceMean', 'ReduceProd', 'ReduceMin', 'ReduceMax'] as const;

describe('reductions', () => {
  const x = randomTensor('x', 'float32', [2, 3, 4], 130, 0.5, 1.5);
  it.each(OPS.flatMap((op) => [0, 1].map((keepdims) => [op, keepdims] as const)))('%s over axes [0,-1], keepdims=%s (opset 18)', async (op, keepdims) => {
    await expectMatchesOrt({ op, inputs: [x, ints64('axes', [0, -1])], attrs: { keepdims }, opset: 18 });
  });
  it.each(OPS)('%s over all axes', async (op) => {
    await expectMatchesOrt({ op, inputs: [x], opset: 18 });
  });
  it.each(OPS.filter((op) => op !== 'ReduceSum'))('%s with attribute axes (opset 13)', async (op) => {
    await expectMatchesOrt({ op, inputs: [x], attrs: { axes: [-2], keepdims: 0 }, opset: 13 });
  });
  it('ReduceSum with input axes (opset 13)', async () => {
    await expectMatchesOrt({ op: 'ReduceSum', inputs: [x, ints64('axes', [1])], opset: 13 });
  });
  it('ReduceSum with attribute axes (opset 11)', async () => {
    await expectMatchesOrt({ op: 'ReduceSum', inputs: [x], attrs: { axes: [1, 2] }, opset: 11 });
  });
  it('noop_with_empty_axes returns the input', async () => {
    await expectMatchesOrt({ op: 'ReduceMax', inputs: [x], attrs: { noop_with_empty_axes: 1 }, opset: 18 });
  });
  it.each(['ReduceSum', 'ReduceProd', 'ReduceMax', 'ReduceMin'] as const)('%s on int64', async (op) => {
    await expectMatchesOrt({ op, inputs: [randomTensor('y', 'int64', [3, 4], 131, -9, 9), ints64('axes', [1])], opset: 18 });
  });
});
