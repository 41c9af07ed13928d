// Add, Sub, Mul, Div, Pow, Mod with broadcasting, for floats and integers, against onnxruntime.
import { describe, it } from 'vitest';
import type { DType } from '../../dtype.ts';
import { tensorFromNumbers } from '../../tensor.ts';
import { expectMatchesOrt, randomTensor } from '../testing/oracle.ts';

describe('Add, Sub, Mul, Div', () => {
  const shapes: [number[], number[]][] = [
    [[2, 3, 4], [4]],
    [[3, 1], [1, 5]],
    [[2, 1, 4], []],
  ];
  const cases = (['Add', 'Sub', 'Mul', 'Div'] as const).flatMap((op) => (['float32', 'int32', 'int64'] as DType[]).flatMap((dtype) => shapes.map(([a, b]) => [op, dtype, a, b] as const)));
  it.each(cases)('%s %s %j by %j', async (op, dtype, a, b) => {
    const x = randomTensor('a', dtype, a, 80, -50, 50);
    // Integer divisors stay away from zero; their mixed signs check truncation toward zero.
    const count = b.reduce((p, q) => p * q, 1);
    const divisors = Array.from({ length: count }, (_, i) => (i % 2 ? -1 : 1) * (2 + (i % 5)));
    const y = op === 'Div' && dtype !== 'float32' ? tensorFromNumbers('b', dtype, b, divisors) : randomTensor('b', dtype, b, 82, 0.5, 3);
    await expectMatchesOrt({ op, inputs: [x, y], relL2: 0 });
  });
  it('float16 Add rounds like onnxruntime', async () => {
    await expectMatchesOrt({ op: 'Add', inputs: [randomTensor('a', 'float16', [4, 4], 83), randomTensor('b', 'float16', [4], 84)], relL2: 0 });
  });
  it('int32 Mul wraps on overflow', async () => {
    const a = tensorFromNumbers('a', 'int32', [3], [2147483647, -2147483648, 123456789]);
    const b = tensorFromNumbers('b', 'int32', [3], [3, 3, 987654321]);
    await expectMatchesOrt({ op: 'Mul', inputs: [a, b] });
  });
});

describe('Pow', () => {
  it('float32 base, float32 exponent', async () => {
    await expectMatchesOrt({ op: 'Pow', inputs: [randomTensor('a', 'float32', [3, 4], 85, 0.1, 3), randomTensor('b', 'float32', [4], 86, -2, 3)] });
  });
  it('float32 base, int64 exponent', async () => {
    await expectMatchesOrt({ op: 'Pow', inputs: [randomTensor('a', 'float32', [5], 87), tensorFromNumbers('b', 'int64', [], [2])] });
  });
  it('int64 base, int64 exponent', async () => {
    await expectMatchesOrt({ op: 'Pow', inputs: [tensorFromNumbers('a', 'int64', [4], [2, -3, 5, 7]), tensorFromNumbers('b', 'int64', [4], [10, 3, 0, 2])] });
  });
});

describe('Mod', () => {
  const a = tensorFromNumbers('a', 'int64', [6], [7, -7, 7, -7, 0, 13]);
  const b = tensorFromNumbers('b', 'int64', [6], [3, 3, -3, -3, 5, 4]);
  it('integer Mod takes the divisor sign', async () => {
    await expectMatchesOrt({ op: 'Mod', inputs: [a, b] });
  });
  it('integer fmod=1 takes the dividend sign', async () => {
    await expectMatchesOrt({ op: 'Mod', inputs: [a, b], attrs: { fmod: 1 } });
  });
  it('float fmod=1 with broadcasting', async () => {
    await expectMatchesOrt({ op: 'Mod', inputs: [randomTensor('x', 'float32', [2, 3], 88, -9, 9), randomTensor('y', 'float32', [3], 89, 1, 4)], attrs: { fmod: 1 }, relL2: 0 });
  });
});
