// Concat and Split (input sizes, equal parts, opset-18 num_outputs, opset-11 attribute), against onnxruntime.
import { describe, it } from 'vitest';
import { expectMatchesOrt, ints64, randomTensor } from '../testing/oracle.ts';

describe('Concat', () => {
  it('three float inputs on a negative axis', async () => {
    const parts = [2, 1, 3].map((d, i) => randomTensor(`x${i}`, 'float32', [2, d, 3], 20 + i));
    await expectMatchesOrt({ op: 'Concat', inputs: parts, attrs: { axis: -2 } });
  });
  it('int64 shape vectors (the shape-chain case)', async () => {
    await expectMatchesOrt({ op: 'Concat', inputs: [ints64('a', [1]), ints64('b', [16]), ints64('c', [4, 16])], attrs: { axis: 0 } });
  });
});

describe('Split', () => {
  const x = randomTensor('x', 'float32', [4, 6], 30);
  it('by a split input (opset 13)', async () => {
    await expectMatchesOrt({ op: 'Split', inputs: [x, ints64('split', [1, 2, 3])], attrs: { axis: -1 }, outputs: 3, opset: 13 });
  });
  it('into equal parts', async () => {
    await expectMatchesOrt({ op: 'Split', inputs: [x], attrs: { axis: 0 }, outputs: 2, opset: 13 });
  });
  it('num_outputs with a smaller last part (opset 18)', async () => {
    await expectMatchesOrt({ op: 'Split', inputs: [randomTensor('y', 'int64', [7, 2], 31, -9, 9)], attrs: { axis: 0, num_outputs: 3 }, outputs: 3, opset: 18 });
  });
  it('by the split attribute (opset 11)', async () => {
    await expectMatchesOrt({ op: 'Split', inputs: [x], attrs: { axis: 1, split: [4, 2] }, outputs: 2, opset: 11 });
  });
});
