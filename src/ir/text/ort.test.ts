// A model written by hand in the text syntax is a real ONNX model: exported, it runs in
// onnxruntime and gives the same outputs, bit for bit (tolerance: none), as the same graph built
// in code with GraphBuilder. Model-local functions included.
import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel } from '../builder.ts';
import { exportModel } from '../onnx/export.ts';
import { tensorFromNumbers } from '../tensor.ts';
import type { Model, Tensor } from '../types.ts';
import { runOrt } from '../../reference/ort-node.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { parseModel } from './parse.ts';

const WEIGHTS = [0.5, -0.25, 0.125, 1, -1, 0.75, 0.2, -0.3, 0.4, -0.5, 0.6, -0.7, 0.8, -0.9, 0.1, 0.05, -0.05, 2.5];
const BIAS = [0.1, -0.2];

async function expectSameOutputs(fromText: Model, fromBuilder: Model): Promise<void> {
  const inputs = randomInputs(fromBuilder.graph, { seed: 3 });
  const options = { graphOptimizationLevel: 'disabled' as const };
  const [got, want] = [await runOrt(exportModel(fromText), inputs, options), await runOrt(exportModel(fromBuilder), inputs, options)];
  expect(got.map((t) => [t.name, t.dtype, t.dims])).toEqual(want.map((t) => [t.name, t.dtype, t.dims]));
  got.forEach((t: Tensor, i) => {
    const [a, b] = [t.data, want[i]!.data];
    if (a.kind !== 'raw' || b.kind !== 'raw') throw new Error('numeric outputs expected');
    expect(Buffer.compare(a.bytes, b.bytes), `output ${t.name} differs`).toBe(0);
  });
}

describe('text models in onnxruntime', () => {
  it('a Conv+Relu graph with inline weights matches the GraphBuilder graph', async () => {
    const text = `
      <ir_version: 8, opset_import: ["" : 17]>
      conv_relu (float[1,1,5,5] image) => (float[1,2,3,3] out)
      <
        float[2,1,3,3] "conv.weight" = {${WEIGHTS.join(', ')}},
        float[2] "conv.bias" = {${BIAS.join(', ')}}
      >
      {
        [conv] c = Conv <kernel_shape = [3, 3], strides = [1, 1]> (image, "conv.weight", "conv.bias")
        [relu] out = Relu (c)
      }`;
    const b = new GraphBuilder('conv_relu');
    b.input('image', 'float32', [1, 1, 5, 5]);
    b.initializer(tensorFromNumbers('conv.weight', 'float32', [2, 1, 3, 3], WEIGHTS));
    b.initializer(tensorFromNumbers('conv.bias', 'float32', [2], BIAS));
    b.node('Conv', ['image', 'conv.weight', 'conv.bias'], { name: 'conv', outputs: ['c'], attrs: { kernel_shape: [3, 3], strides: [1, 1] } });
    b.node('Relu', ['c'], { name: 'relu', outputs: ['out'] });
    b.output('out', 'float32', [1, 2, 3, 3]);
    await expectSameOutputs(parseModel(text), makeModel(b.build()));
  });

  it('a graph calling a model-local function with an attribute matches the expanded graph', async () => {
    const text = `
      <ir_version: 8, opset_import: ["" : 17, "kiln" : 1]>
      g (float[2,3] x) => (float[2,3] y) {
        y = kiln.ScaledRelu <scale = 2.5> (x)
      }
      <domain: "kiln", opset_import: ["" : 17]>
      ScaledRelu <scale> (X) => (Y) {
        s = Constant <value_float: float = @scale> ()
        S = Mul (X, s)
        Y = Relu (S)
      }`;
    const b = new GraphBuilder('g');
    b.input('x', 'float32', [2, 3]);
    const s = b.node('Constant', [], { attrs: { value_float: float(2.5) } });
    const m = b.node('Mul', ['x', s]);
    b.node('Relu', [m], { outputs: ['y'] });
    b.output('y', 'float32', [2, 3]);
    await expectSameOutputs(parseModel(text), makeModel(b.build()));
  });
});
