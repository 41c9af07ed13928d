// Range for int64 (exact) and float32 (stepwise rounding), against onnxruntime.
import { describe, it } from 'vitest';
import { tensorFromNumbers } from '../../tensor.ts';
import { expectMatchesOrt, ints64 } from '../testing/oracle.ts';

const f32 = (name: string, v: number) => tensorFromNumbers(name, 'float32', [], [v]);

describe('Range', () => {
  it.each([
    [0, 10, 3],
    [10, -2, -4],
    [5, 5, 1],
  ])('int64 %s..%s step %s', async (start, limit, delta) => {
    await expectMatchesOrt({ op: 'Range', inputs: [ints64('start', [start], []), ints64('limit', [limit], []), ints64('delta', [delta], [])] });
  });
  it('float32 with a fractional delta', async () => {
    await expectMatchesOrt({ op: 'Range', inputs: [f32('start', 0.1), f32('limit', 7.3), f32('delta', 0.3)], relL2: 0 });
  });
  it('int32 counting down', async () => {
    const i32 = (name: string, v: number) => tensorFromNumbers(name, 'int32', [], [v]);
    await expectMatchesOrt({ op: 'Range', inputs: [i32('start', 9), i32('limit', 0), i32('delta', -2)] });
  });
});
