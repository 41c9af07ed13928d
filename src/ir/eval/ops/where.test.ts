// Where with three-way broadcasting, against onnxruntime.
import { describe, it } from 'vitest';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('Where', () => {
  it('broadcasts condition, X and Y', async () => {
    const cond = randomTensor('c', 'bool', [3, 1], 70);
    await expectMatchesOrt({ op: 'Where', inputs: [cond, randomTensor('x', 'float32', [1, 4], 71), randomTensor('y', 'float32', [2, 3, 4], 72)] });
  });
  it('picks int64 values', async () => {
    const cond = randomTensor('c', 'bool', [5], 73);
    await expectMatchesOrt({ op: 'Where', inputs: [cond, randomTensor('x', 'int64', [5], 74, -9, 9), randomTensor('y', 'int64', [], 75, -9, 9)] });
  });
});
