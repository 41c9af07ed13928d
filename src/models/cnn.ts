// A small CNN for 32×32 RGB images: Conv+BatchNorm+ReLU blocks, a residual Add, max pooling, a
// strided block, global average pooling and a Gemm classifier — the shapes fusion passes target.
import { GraphBuilder, makeModel, float } from '../ir/builder.ts';
import type { Model } from '../ir/types.ts';
import { WeightFactory } from './weights.ts';

export function buildCnn(): Model {
  const w = new WeightFactory(2);
  const b = new GraphBuilder('cnn');
  const x = b.input('image', 'float32', [1, 3, 32, 32]);

  const convBn = (name: string, input: string, cin: number, cout: number, k: number, stride: number, relu: boolean): string => {
    const pad = (k - 1) / 2;
    const conv = b.node('Conv', [input, b.initializer(w.he(`${name}.weight`, [cout, cin, k, k], cin * k * k)), b.initializer(w.uniform(`${name}.bias`, [cout], -0.05, 0.05))], {
      name: `${name}/Conv`,
      attrs: { kernel_shape: [k, k], pads: [pad, pad, pad, pad], strides: [stride, stride] },
    });
    const bn = b.node(
      'BatchNormalization',
      [
        conv,
        b.initializer(w.uniform(`${name}.bn.scale`, [cout], 0.8, 1.2)),
        b.initializer(w.uniform(`${name}.bn.bias`, [cout], -0.1, 0.1)),
        b.initializer(w.uniform(`${name}.bn.mean`, [cout], -0.1, 0.1)),
        b.initializer(w.uniform(`${name}.bn.var`, [cout], 0.5, 1.5)),
      ],
      { name: `${name}/BatchNormalization`, attrs: { epsilon: float(1e-5) } },
    );
    return relu ? b.node('Relu', [bn], { name: `${name}/Relu` }) : bn;
  };

  const stem = convBn('stem', x, 3, 16, 3, 1, true);
  const r1 = convBn('res.conv1', stem, 16, 16, 3, 1, true);
  const r2 = convBn('res.conv2', r1, 16, 16, 3, 1, false);
  const sum = b.node('Add', [r2, stem], { name: 'res/Add' });
  const act = b.node('Relu', [sum], { name: 'res/Relu' });
  const pool = b.node('MaxPool', [act], { name: 'pool', attrs: { kernel_shape: [2, 2], strides: [2, 2] } });
  const down = convBn('down', pool, 16, 32, 3, 2, true);
  const gap = b.node('GlobalAveragePool', [down], { name: 'gap' });
  const flat = b.node('Flatten', [gap], { name: 'flatten', attrs: { axis: 1 } });
  const logits = b.node('Gemm', [flat, b.initializer(w.he('fc.weight', [10, 32], 32)), b.initializer(w.uniform('fc.bias', [10], -0.1, 0.1))], {
    name: 'fc/Gemm',
    attrs: { transB: 1 },
    outputs: ['logits'],
  });
  b.output(logits, 'float32', [1, 10]);
  return makeModel(b.build(), { docString: 'Kiln bundled CNN (seeded random weights)' });
}
