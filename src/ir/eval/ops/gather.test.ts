// Gather and GatherElements, including negative axes and indices, against onnxruntime.
import { describe, it } from 'vitest';
import { tensorFromNumbers } from '../../tensor.ts';
import { expectMatchesOrt, ints64, randomTensor } from '../testing/oracle.ts';

describe('Gather', () => {
  const data = randomTensor('data', 'float32', [3, 4, 5], 2);
  it('axis 0 with a scalar index (the shape-chain case)', async () => {
    await expectMatchesOrt({ op: 'Gather', inputs: [ints64('shape', [1, 16, 64]), ints64('i', [1], [])], attrs: { axis: 0 } });
  });
  it('axis 1 with 2-D negative int64 indices', async () => {
    await expectMatchesOrt({ op: 'Gather', inputs: [data, ints64('i', [0, -1, 2, -4], [2, 2])], attrs: { axis: 1 } });
  });
  it('axis -1 with int32 indices', async () => {
    await expectMatchesOrt({ op: 'Gather', inputs: [data, tensorFromNumbers('i', 'int32', [3], [4, 0, -2])], attrs: { axis: -1 } });
  });
});

describe('GatherElements', () => {
  it('axis -1 with negative indices', async () => {
    const data = randomTensor('data', 'int64', [2, 3], 3, -9, 9);
    await expectMatchesOrt({ op: 'GatherElements', inputs: [data, ints64('i', [0, -1, 1, 2, 2, 0], [2, 3])], attrs: { axis: -1 } });
  });
  it('axis 0 with fewer rows of indices', async () => {
    const data = randomTensor('data', 'float32', [3, 3], 4);
    await expectMatchesOrt({ op: 'GatherElements', inputs: [data, ints64('i', [2, 0, 1], [1, 3])], attrs: { axis: 0 } });
  });
});
