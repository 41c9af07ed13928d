// Comparisons and logical ops with broadcasting, against onnxruntime.
import { describe, it } from 'vitest';
import type { DType } from '../../dtype.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../tensor.ts';
import type { Tensor } from '../../types.ts';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('comparisons', () => {
  const cases = (['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual'] as const).flatMap((op) => (['float32', 'int64', 'int32'] as DType[]).map((dtype) => [op, dtype] as const));
  it.each(cases)('%s on %s with broadcasting', async (op, dtype) => {
    const a = randomTensor('a', dtype, [3, 4], 90, -2, 2);
    const b = randomTensor('b', dtype, [4], 91, -2, 2);
    const ints = dtype !== 'float32';
    await expectMatchesOrt({ op, inputs: ints ? [a, b] : [roundFloats(a), roundFloats(b)], opset: 16 });
  });
});

describe('logical ops', () => {
  it.each(['And', 'Or', 'Xor'] as const)('%s with broadcasting', async (op) => {
    await expectMatchesOrt({ op, inputs: [randomTensor('a', 'bool', [2, 3], 92), randomTensor('b', 'bool', [3], 93)] });
  });
  it('Not', async () => {
    await expectMatchesOrt({ op: 'Not', inputs: [randomTensor('a', 'bool', [7], 94)] });
  });
});

/** Halves only, so equal pairs actually occur. */
function roundFloats(t: Tensor): Tensor {
  return tensorFromNumbers(t.name, t.dtype, t.dims, Array.from(tensorToNumbers(t), (v) => Math.round(v * 2) / 2));
}
