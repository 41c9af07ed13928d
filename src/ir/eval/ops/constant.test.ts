// Constant in every value_* form and ConstantOfShape, against onnxruntime.
import { describe, it } from 'vitest';
import { float } from '../../builder.ts';
import { tensorFromNumbers } from '../../tensor.ts';
import { expectMatchesOrt, ints64, randomTensor } from '../testing/oracle.ts';

describe('Constant', () => {
  it.each([
    ['value (float tensor)', { value: randomTensor('v', 'float32', [2, 3], 1) }],
    ['value (int64 tensor)', { value: ints64('v', [3, -1, 9007199254740993], [3]) }],
    ['value_float', { value_float: float(2.5) }],
    ['value_floats', { value_floats: { floats: [1.5, -2, 3.25] } }],
    ['value_int', { value_int: -7 }],
    ['value_ints', { value_ints: [4, 0, -3] }],
  ] as const)('%s', async (_label, attrs) => {
    await expectMatchesOrt({ op: 'Constant', inputs: [], attrs });
  });
});

describe('ConstantOfShape', () => {
  it('fills float32 zeros by default', async () => {
    await expectMatchesOrt({ op: 'ConstantOfShape', inputs: [ints64('shape', [2, 3, 4])] });
  });
  it('fills an int64 value', async () => {
    await expectMatchesOrt({ op: 'ConstantOfShape', inputs: [ints64('shape', [3, 2])], attrs: { value: ints64('value', [7]) } });
  });
  it('makes a scalar from an empty shape', async () => {
    await expectMatchesOrt({ op: 'ConstantOfShape', inputs: [ints64('shape', [])], attrs: { value: tensorFromNumbers('value', 'float32', [1], [1.5]) } });
  });
});
