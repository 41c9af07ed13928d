// Transpose with the default and explicit permutations, against onnxruntime.
import { describe, it } from 'vitest';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('Transpose', () => {
  it('reverses the axes by default', async () => {
    await expectMatchesOrt({ op: 'Transpose', inputs: [randomTensor('x', 'float32', [2, 3, 4], 40)] });
  });
  it.each([[[0, 2, 3, 1]], [[3, 1, 0, 2]], [[0, 1, 2, 3]]])('perm %j on 4-D', async (perm) => {
    await expectMatchesOrt({ op: 'Transpose', inputs: [randomTensor('x', 'float16', [2, 3, 4, 5], 41)], attrs: { perm }, relL2: 0 });
  });
  it('an int64 matrix', async () => {
    await expectMatchesOrt({ op: 'Transpose', inputs: [randomTensor('x', 'int64', [3, 5], 42, -99, 99)], attrs: { perm: [1, 0] } });
  });
});
