// One-input math on float32 (and on integers where ONNX allows), against onnxruntime.
import { describe, it } from 'vitest';
import { tensorFromNumbers } from '../../tensor.ts';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('float unary ops', () => {
  const positive = new Set(['Sqrt', 'Log']);
  it.each(['Neg', 'Abs', 'Sqrt', 'Exp', 'Log', 'Reciprocal', 'Floor', 'Ceil', 'Sign', 'Relu', 'Sigmoid', 'Tanh', 'Erf', 'Sin', 'Cos', 'Softplus'])('%s', async (op) => {
    const x = positive.has(op) ? randomTensor('x', 'float32', [4, 8], 100, 0.01, 5) : randomTensor('x', 'float32', [4, 8], 101, -4, 4);
    await expectMatchesOrt({ op, inputs: [x] });
  });
  it('Round sends halves to even', async () => {
    await expectMatchesOrt({ op: 'Round', inputs: [tensorFromNumbers('x', 'float32', [8], [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4, -2.6])], relL2: 0 });
  });
  it('Erf far out in the tails', async () => {
    await expectMatchesOrt({ op: 'Erf', inputs: [tensorFromNumbers('x', 'float32', [8], [-7, -3.5, -2.01, -1e-8, 1e-8, 1.99, 4.5, 9])] });
  });
});

describe('integer unary ops', () => {
  it.each([
    ['Neg', 'int64'],
    ['Abs', 'int64'],
    ['Abs', 'int32'],
    ['Sign', 'int64'],
    ['Relu', 'int32'],
    ['Neg', 'int8'],
  ] as const)('%s on %s', async (op, dtype) => {
    await expectMatchesOrt({ op, inputs: [randomTensor('x', dtype, [9], 102, -100, 100)], opset: 14 });
  });
});
