// A three-layer perceptron for 28×28 digits, shaped the way exporters write it: MatMul+Add
// layers, a Gemm head, and one weight stored transposed behind a Constant → Transpose pair
// (what TensorFlow converters emit), which constant folding turns into a plain initializer.
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import type { Model } from '../ir/types.ts';
import { WeightFactory } from './weights.ts';

export function buildMlp(): Model {
  const w = new WeightFactory(1);
  const b = new GraphBuilder('mlp');
  const x = b.input('x', 'float32', ['batch', 784]);

  const fc1 = b.node('MatMul', [x, b.initializer(w.he('fc1.weight', [784, 128], 784))], { name: 'fc1/MatMul' });
  const fc1b = b.node('Add', [fc1, b.initializer(w.uniform('fc1.bias', [128], -0.1, 0.1))], { name: 'fc1/Add' });
  const relu1 = b.node('Relu', [fc1b], { name: 'relu1' });

  const w2t = b.node('Constant', [], { name: 'fc2/weight_t', attrs: { value: w.he('fc2.weight_t', [64, 128], 128) } });
  const w2 = b.node('Transpose', [w2t], { name: 'fc2/Transpose', attrs: { perm: [1, 0] } });
  const fc2 = b.node('MatMul', [relu1, w2], { name: 'fc2/MatMul' });
  const fc2b = b.node('Add', [fc2, b.initializer(w.uniform('fc2.bias', [64], -0.1, 0.1))], { name: 'fc2/Add' });
  const relu2 = b.node('Relu', [fc2b], { name: 'relu2' });

  const logits = b.node(
    'Gemm',
    [relu2, b.initializer(w.he('head.weight', [64, 10], 64)), b.initializer(w.uniform('head.bias', [10], -0.1, 0.1))],
    { name: 'head/Gemm', outputs: ['logits'] },
  );
  b.output(logits, 'float32', ['batch', 10]);
  return makeModel(b.build(), { docString: 'Kiln bundled MLP (seeded random weights)' });
}
