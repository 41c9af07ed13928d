// Clip with input bounds (opset 13, either may be left out) and attribute bounds (opset 6).
import { describe, it } from 'vitest';
import { float } from '../../builder.ts';
import { tensorFromNumbers } from '../../tensor.ts';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

const scalar = (name: string, v: number, dtype: 'float32' | 'int32' = 'float32') => tensorFromNumbers(name, dtype, [], [v]);

describe('Clip', () => {
  const x = randomTensor('x', 'float32', [3, 5], 120, -3, 3);
  it('both bounds as inputs', async () => {
    await expectMatchesOrt({ op: 'Clip', inputs: [x, scalar('lo', -1), scalar('hi', 0.5)], opset: 13, relL2: 0 });
  });
  it('only a max bound', async () => {
    await expectMatchesOrt({ op: 'Clip', inputs: [x, undefined, scalar('hi', 1)], opset: 13, relL2: 0 });
  });
  it('int32 with bounds', async () => {
    await expectMatchesOrt({ op: 'Clip', inputs: [randomTensor('y', 'int32', [6], 121, -20, 20), scalar('lo', -5, 'int32'), scalar('hi', 6, 'int32')], opset: 13 });
  });
  it('attribute bounds (opset 6)', async () => {
    await expectMatchesOrt({ op: 'Clip', inputs: [x], attrs: { min: float(-0.5), max: float(2) }, opset: 6, relL2: 0 });
  });
});
