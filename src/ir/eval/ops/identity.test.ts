// Identity and inference-mode Dropout, against onnxruntime.
import { describe, it } from 'vitest';
import { float } from '../../builder.ts';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('Identity and Dropout', () => {
  it('Identity passes int64 through', async () => {
    await expectMatchesOrt({ op: 'Identity', inputs: [randomTensor('x', 'int64', [3, 2], 2, -50, 50)] });
  });
  it('Dropout (opset 13) returns its input and an all-true mask', async () => {
    await expectMatchesOrt({ op: 'Dropout', inputs: [randomTensor('x', 'float32', [2, 5], 3)], outputs: 2, opset: 13, relL2: 0 });
  });
  it('Dropout (opset 9, ratio attribute) returns its input', async () => {
    await expectMatchesOrt({ op: 'Dropout', inputs: [randomTensor('x', 'float32', [4], 4)], attrs: { ratio: float(0.3) }, opset: 9, relL2: 0 });
  });
});
