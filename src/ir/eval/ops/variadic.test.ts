// Min, Max, Sum, Mean over several broadcast inputs, against onnxruntime.
import { describe, it } from 'vitest';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('variadic ops', () => {
  it.each(['Min', 'Max', 'Sum', 'Mean'])('%s of three float inputs', async (op) => {
    const inputs = [randomTensor('a', 'float32', [2, 3, 4], 110), randomTensor('b', 'float32', [4], 111), randomTensor('c', 'float32', [3, 1], 112)];
    await expectMatchesOrt({ op, inputs, relL2: op === 'Mean' ? 1e-6 : 0 });
  });
  it.each(['Min', 'Max'])('%s of int64 inputs', async (op) => {
    await expectMatchesOrt({ op, inputs: [randomTensor('a', 'int64', [5], 113, -9, 9), randomTensor('b', 'int64', [1], 114, -9, 9)], opset: 13 });
  });
  it('Sum of a single input', async () => {
    await expectMatchesOrt({ op: 'Sum', inputs: [randomTensor('a', 'float32', [3], 115)] });
  });
});
