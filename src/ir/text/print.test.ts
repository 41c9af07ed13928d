// The printed form: a golden file for the bundled MLP, the layout rules, and printing speed.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../builder.ts';
import { tensorFromNumbers } from '../tensor.ts';
import type { Graph } from '../types.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { parseModel } from './parse.ts';
import { printModel } from './print.ts';

const modelPath = (id: string) => bundledModels().find((c) => c.id === id)!.path;

describe('printModel', () => {
  it('prints the bundled MLP as in the golden file', async () => {
    await expect(printModel(loadModel(modelPath('mlp')))).toMatchFileSnapshot('./__snapshots__/mlp.onnx.txt');
  });

  it('quotes names that are not identifiers or that read as keywords, and labels named nodes', () => {
    const b = new GraphBuilder('g');
    b.input('fc1.weight', 'float32', [2]);
    b.input('float', 'float32', [2]);
    b.input('inf', 'float32', [2]);
    b.node('Add', ['fc1.weight', 'float'], { name: 'conv/Relu:0', outputs: ['a b'] });
    b.node('Mul', ['a b', 'inf'], { name: 'plain', outputs: ['y'] });
    b.output('y', 'float32', [2]);
    const text = printModel(makeModel(b.build()));
    expect(text).toContain('g (float[2] "fc1.weight", float[2] "float", float[2] "inf") => (float[2] y) {');
    expect(text).toContain('  ["conv/Relu:0"] "a b" = Add ("fc1.weight", "float")');
    expect(text).toContain('  [plain] y = Mul ("a b", "inf")');
  });

  it('writes an attribute type only where the value would read back as another type', () => {
    const body: Graph = { name: 'then graph', nodes: [], inputs: [], outputs: [], valueInfo: [], initializers: [] };
    const b = new GraphBuilder('g');
    b.input('x', 'float32', [1]);
    b.nodes.push({
      id: 'n', name: '', opType: 'Op', domain: 'my-domain', inputs: ['x'], outputs: ['y'],
      attributes: [
        { name: 'f', type: 'float', value: 2 },
        { name: 'e', type: 'floats', value: [] },
        { name: 'g', type: 'graph', value: body },
        { name: 'r', type: 'int', value: 0, refAttrName: 'p' },
        { name: 'u', type: 'undefined', value: null, refAttrName: 'q' },
      ],
    });
    const text = printModel(makeModel(b.build()));
    expect(text).toContain('y = "my-domain"."Op" (x) <\n    f = 2.0,\n    e: floats = [],\n    g: graph = "then graph" () => () {\n    },\n    r: int = @p,\n    u = @q\n  >');
    const back = parseModel(text).graph.nodes[0]!;
    expect(back.domain).toBe('my-domain');
    expect(back.attributes).toEqual(b.nodes[0]!.attributes);
  });

  it('inlines tensors up to inlineLimit elements and elides the rest', () => {
    const b = new GraphBuilder('g');
    b.initializer(tensorFromNumbers('small', 'float32', [3], [1, 2, 3]));
    b.initializer(tensorFromNumbers('big', 'float32', [20], Array.from({ length: 20 }, (_, i) => i / 4)));
    const model = makeModel(b.build());
    expect(printModel(model)).toContain('  float[3] small = {1, 2, 3},\n  float[20] big = ...\n');
    expect(printModel(model, { inlineLimit: 2 })).toContain('  float[3] small = ...,\n');
    expect(printModel(model, { weights: 'elide' })).toContain('  float[3] small = ...,\n');
    // 'elide' keeps a small Constant (a shape, say) readable; only initializers lose their values.
    b.node('Constant', [], { attrs: { value: tensorFromNumbers('shape', 'int64', [2], [1, -1]) } });
    expect(printModel(makeModel(b.build()), { weights: 'elide' })).toContain('Constant <value = int64[2] shape {1, -1}> ()');
    // Long inline data wraps ten values to a line.
    expect(printModel(model, { weights: 'inline' })).toContain('  float[20] big = {\n    0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25,\n    2.5,');
  });
});
