// Expand (two-way broadcasting) and Tile, against onnxruntime.
import { describe, it } from 'vitest';
import { expectMatchesOrt, ints64, randomTensor } from '../testing/oracle.ts';

describe('Expand', () => {
  it('[3,1] to [2,1,4] broadcasts both ways', async () => {
    await expectMatchesOrt({ op: 'Expand', inputs: [randomTensor('x', 'float32', [3, 1], 60), ints64('shape', [2, 1, 4])] });
  });
  it('a scalar to [2,3]', async () => {
    await expectMatchesOrt({ op: 'Expand', inputs: [ints64('x', [5], []), ints64('shape', [2, 3])] });
  });
});

describe('Tile', () => {
  it('repeats each axis', async () => {
    await expectMatchesOrt({ op: 'Tile', inputs: [randomTensor('x', 'float32', [2, 3], 61), ints64('repeats', [3, 2])] });
  });
  it('with a zero repeat', async () => {
    await expectMatchesOrt({ op: 'Tile', inputs: [randomTensor('x', 'int64', [2, 2], 62, -9, 9), ints64('repeats', [0, 1])] });
  });
});
