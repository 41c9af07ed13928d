// Range against onnxruntime with start, limit and delta as run-time inputs and the output's
// length declared by the model (the kernel reads start and delta; the length is the output's
// static extent). float32 up and down (rel L2 <= 1e-6: f32 start + i·delta), int32 and int64
// exact. With constant inputs Range folds at compile time, as any constant node does.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import type { DType } from '../../../ir/dtype.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import { expectMatchesOrt } from './testing/check.ts';

/** A Range of run-time scalars whose output length the model declares. */
function rangeModel(dtype: DType, start: number, limit: number, delta: number) {
  const length = Math.max(Math.ceil((limit - start) / delta), 0);
  const b = new GraphBuilder('range');
  const names = ['start', 'limit', 'delta'].map((n) => b.input(n, dtype, []));
  b.node('Range', names, { name: 'range0', outputs: ['out'] });
  b.output('out', dtype, [length]);
  const inputs = [start, limit, delta].map((v, i) => tensorFromNumbers(names[i]!, dtype, [], [v]));
  return { model: makeModel(b.build(), { opsetImports: [{ domain: '', version: 11 }] }), inputs, length };
}

describe('Range matches onnxruntime', () => {
  it.each([
    ['float32', 1, 9.5, 0.75, 1e-6],
    ['float32', 10, -3, -1.5, 1e-6],
    ['int32', 10, 6, -3, 0],
    ['int64', -4, 300, 7, 0],
  ] as const)('%s from %d to %d by %d', async (dtype, start, limit, delta, tolerance) => {
    const { model, inputs, length } = rangeModel(dtype, start, limit, delta);
    const check = await expectMatchesOrt(model, inputs, { tolerance, variant: 'range' });
    expect(check.result.outputs[0]!.dims).toEqual([length]);
  });
});
