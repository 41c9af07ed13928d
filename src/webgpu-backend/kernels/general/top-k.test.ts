// TopK against onnxruntime: exact (values and indices). Largest and smallest, every axis (strided
// rows), k from 1 to the whole row, ties (ordered by index), int32 data. k is a run-time input;
// the model declares the outputs' shapes (the kernel takes k from them).
import { describe, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import type { DType } from '../../../ir/dtype.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import { seededRandom } from '../../../reference/random-inputs.ts';
import { expectMatchesOrt } from './testing/check.ts';

async function expectTopK(dims: number[], k: number, axis: number, largest: number, dtype: DType = 'float32', values?: number[]): Promise<void> {
  const rand = seededRandom(9);
  const b = new GraphBuilder('topk');
  b.input('x', dtype, dims);
  b.input('k', 'int64', [1]);
  b.node('TopK', ['x', 'k'], { name: 'topk0', outputs: ['values', 'indices'], attrs: { axis, largest } });
  const a = axis < 0 ? axis + dims.length : axis;
  const outDims = dims.map((d, i) => (i === a ? k : d));
  b.output('values', dtype, outDims);
  b.output('indices', 'int64', outDims);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 11 }] });
  const count = dims.reduce((p, d) => p * d, 1);
  const x = tensorFromNumbers('x', dtype, dims, values ?? Array.from({ length: count }, () => Math.round(rand() * 40) / 4 - 5));
  await expectMatchesOrt(model, [x, tensorFromNumbers('k', 'int64', [1], [k])], { tolerance: 0, variant: `top-k-${largest ? 'largest' : 'smallest'}` });
}

describe('TopK matches onnxruntime exactly', () => {
  it.each([
    [[3, 9], 3, -1, 1],
    [[3, 9], 4, 1, 0],
    [[4, 5, 3], 2, 1, 1],
    [[4, 5, 3], 4, 0, 0],
    [[2, 6], 6, 1, 1],
    [[7], 1, 0, 0],
  ] as const)('%j k=%i axis %i largest %i', (dims, k, axis, largest) => expectTopK([...dims], k, axis, largest));
  it('ties, ordered by index', () => expectTopK([2, 5], 3, 1, 1, 'float32', [1, 3, 3, 2, 3, 0, 0, 0, 1, 1]));
  it('int32 data', () => expectTopK([3, 4], 2, 1, 0, 'int32', [5, -1, 3, 3, 0, 0, 9, -4, 2, 8, 8, 1]));
});
