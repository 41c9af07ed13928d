// Reshape (0, -1, allowzero), Flatten, Unsqueeze and Squeeze (attribute and input axes), against onnxruntime.
import { describe, it } from 'vitest';
import { expectMatchesOrt, ints64, randomTensor } from '../testing/oracle.ts';

describe('Reshape', () => {
  const x = randomTensor('x', 'float32', [2, 3, 4], 5);
  it.each([
    [[0, -1]],
    [[-1, 4]],
    [[4, 0, 2]],
    [[24]],
  ])('to %j', async (shape) => {
    await expectMatchesOrt({ op: 'Reshape', inputs: [x, ints64('shape', shape)] });
  });
  it('allowzero=1 keeps a literal 0 dim (opset 14)', async () => {
    const empty = randomTensor('x', 'float32', [0, 4], 6);
    await expectMatchesOrt({ op: 'Reshape', inputs: [empty, ints64('shape', [4, 0])], attrs: { allowzero: 1 }, opset: 14 });
  });
});

describe('Flatten', () => {
  const x = randomTensor('x', 'int64', [2, 3, 4], 7, -9, 9);
  it.each([0, 2, -1, 3])('axis %s', async (axis) => {
    await expectMatchesOrt({ op: 'Flatten', inputs: [x], attrs: { axis } });
  });
});

describe('Unsqueeze and Squeeze', () => {
  const x = randomTensor('x', 'float32', [3, 1, 4], 8);
  it('Unsqueeze with input axes, negative (opset 13)', async () => {
    await expectMatchesOrt({ op: 'Unsqueeze', inputs: [x, ints64('axes', [0, -1])], opset: 13 });
  });
  it('Unsqueeze with attribute axes (opset 11)', async () => {
    await expectMatchesOrt({ op: 'Unsqueeze', inputs: [x], attrs: { axes: [1, 4] }, opset: 11 });
  });
  it('Unsqueeze of a scalar', async () => {
    await expectMatchesOrt({ op: 'Unsqueeze', inputs: [ints64('s', [16], []), ints64('axes', [0])], opset: 13 });
  });
  it('Squeeze with input axes (opset 13)', async () => {
    await expectMatchesOrt({ op: 'Squeeze', inputs: [x, ints64('axes', [-2])], opset: 13 });
  });
  it('Squeeze without axes drops every 1', async () => {
    await expectMatchesOrt({ op: 'Squeeze', inputs: [randomTensor('y', 'float32', [1, 3, 1, 2], 9)], opset: 13 });
  });
  it('Squeeze with attribute axes (opset 11)', async () => {
    await expectMatchesOrt({ op: 'Squeeze', inputs: [x], attrs: { axes: [1] }, opset: 11 });
  });
});
