// ConstantOfShape against onnxruntime: exact. The shape is a run-time input whose output shape
// the model declares (nothing is read; the kernel fills), float32, int32 and int64 values, the
// default (float32 0), and an empty result.
import { describe, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import type { DType } from '../../../ir/dtype.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import { expectMatchesOrt } from './testing/check.ts';

async function expectFill(shape: number[], dtype: DType, value?: number): Promise<void> {
  const b = new GraphBuilder('fill');
  b.input('shape', 'int64', [shape.length]);
  b.node('ConstantOfShape', ['shape'], { name: 'fill0', outputs: ['out'], attrs: value === undefined ? {} : { value: tensorFromNumbers('value', dtype, [1], [value]) } });
  b.output('out', dtype, shape);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 20 }] });
  await expectMatchesOrt(model, [tensorFromNumbers('shape', 'int64', [shape.length], shape)], { tolerance: 0, variant: 'constant-of-shape' });
}

describe('ConstantOfShape matches onnxruntime exactly', () => {
  it.each([
    [[2, 3], 'float32', 1.5],
    [[4], 'int32', -7],
    [[3, 1, 2], 'int64', 123456],
    [[5, 2], 'float32', undefined],
    [[0], 'int32', 0],
  ] as const)('%j of %s %s', (shape, dtype, value) => expectFill([...shape], dtype, value));
});
