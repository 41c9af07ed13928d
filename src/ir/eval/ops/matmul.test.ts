// MatMul (2-D, batched with broadcasting, 1-D operands, int64) and Gemm, against onnxruntime.
import { describe, it } from 'vitest';
import { float } from '../../builder.ts';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('MatMul', () => {
  it.each([
    [[3, 4], [4, 5]],
    [[2, 1, 3, 4], [5, 4, 2]],
    [[4], [4, 3]],
    [[2, 3, 4], [4]],
    [[4], [4]],
  ])('%j x %j', async (a, b) => {
    await expectMatchesOrt({ op: 'MatMul', inputs: [randomTensor('a', 'float32', a, 140), randomTensor('b', 'float32', b, 141)] });
  });
  it('int64', async () => {
    await expectMatchesOrt({ op: 'MatMul', inputs: [randomTensor('a', 'int64', [2, 3], 142, -9, 9), randomTensor('b', 'int64', [3, 2], 143, -9, 9)] });
  });
});

describe('Gemm', () => {
  it('plain A·B + C', async () => {
    await expectMatchesOrt({ op: 'Gemm', inputs: [randomTensor('a', 'float32', [3, 4], 144), randomTensor('b', 'float32', [4, 5], 145), randomTensor('c', 'float32', [5], 146)] });
  });
  it('transA, transB, alpha, beta and a [M,1] C', async () => {
    const inputs = [randomTensor('a', 'float32', [4, 3], 147), randomTensor('b', 'float32', [5, 4], 148), randomTensor('c', 'float32', [3, 1], 149)];
    await expectMatchesOrt({ op: 'Gemm', inputs, attrs: { transA: 1, transB: 1, alpha: float(0.5), beta: float(2) } });
  });
  it('without C', async () => {
    await expectMatchesOrt({ op: 'Gemm', inputs: [randomTensor('a', 'float32', [2, 3], 150), randomTensor('b', 'float32', [3, 2], 151)], opset: 13 });
  });
});
