// Shape (start/end) and Size, against onnxruntime.
import { describe, it } from 'vitest';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('Shape and Size', () => {
  const x = randomTensor('x', 'float32', [2, 3, 4, 5], 1);
  it('Shape of a 4-D tensor', async () => {
    await expectMatchesOrt({ op: 'Shape', inputs: [x] });
  });
  it.each([
    [1, undefined],
    [-3, -1],
    [0, 100],
    [3, 1],
  ])('Shape with start=%s end=%s (opset 15)', async (start, end) => {
    await expectMatchesOrt({ op: 'Shape', inputs: [x], attrs: { start, end }, opset: 15 });
  });
  it('Size', async () => {
    await expectMatchesOrt({ op: 'Size', inputs: [x] });
  });
});
