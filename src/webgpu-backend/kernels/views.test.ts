// View ops (Reshape, Flatten, Squeeze, Unsqueeze, Identity) run no kernel: they relabel their
// input's buffer. Checked against onnxruntime (relative L2 error <= 1e-5, float32) in small
// graphs where a kernel reads the view, and where the view itself is the graph output.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { checkOnGpu } from '../../node/kernel-check.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { checkSupport } from '../compile.ts';

const REL_L2 = 1e-5;

function ints(name: string, values: number[]) {
  return tensorFromNumbers(name, 'int64', [values.length], values);
}

async function expectMatchesOrt(model: Model, expectedKernels: string[]): Promise<void> {
  const inputs = randomInputs(model.graph, { seed: 4 });
  const check = await checkOnGpu(model, inputs);
  for (const cmp of check.comparisons) {
    expect(cmp.problem).toBeUndefined();
    expect(cmp.relL2).toBeLessThanOrEqual(REL_L2);
  }
  expect(check.compiled.plan.kernels.map((k) => k.opType)).toEqual(expectedKernels);
  check.compiled.destroy();
}

describe('view ops match onnxruntime without kernels (rel L2 <= 1e-5)', () => {
  it('Reshape with 0 and -1, then Relu', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3, 4]);
    const r = b.node('Reshape', [x, b.initializer(ints('shape', [0, -1]))]);
    b.node('Relu', [r], { outputs: ['y'] });
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build()), ['Relu']);
  });

  it('Flatten at axis 2, then Neg', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3, 4, 5]);
    b.node('Neg', [b.node('Flatten', [x], { attrs: { axis: 2 } })], { outputs: ['y'] });
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build()), ['Neg']);
  });

  it('Unsqueeze, Squeeze and Identity with axes as inputs (opset 13+)', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3, 1, 5]);
    const u = b.node('Unsqueeze', [x, b.node('Constant', [], { attrs: { value: ints('axes', [0, -1]) } })]);
    const s = b.node('Squeeze', [u, b.initializer(ints('squeeze_axes', [0, 2]))]);
    b.node('Abs', [b.node('Identity', [s])], { outputs: ['y'] });
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build()), ['Abs']);
  });

  it('Unsqueeze and Squeeze with axes as attributes (opset 11)', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [3, 1, 5]);
    const u = b.node('Unsqueeze', [x], { attrs: { axes: [1] } });
    b.node('Exp', [b.node('Squeeze', [u])], { outputs: ['y'] });
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build(), { opsetImports: [{ domain: '', version: 11 }] }), ['Exp']);
  });

  it('Dropout at inference is a view', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 5]);
    b.node('Relu', [b.node('Dropout', [x])], { outputs: ['y'] });
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build()), ['Relu']);
  });

  it('a view as the graph output, with no kernel at all', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4, 6]);
    b.node('Reshape', [x, b.initializer(ints('shape', [3, 8]))], { outputs: ['y'] });
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build()), []);
  });

  it('a reshaped weight read by Add', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 6]);
    const w = b.initializer(tensorFromNumbers('w', 'float32', [3, 2], [1, 2, 3, 4, 5, 6]));
    b.node('Add', [x, b.node('Reshape', [w, b.initializer(ints('shape', [6]))])], { outputs: ['y'] });
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build()), ['Add']);
  });

  it('reports a Reshape whose shape is computed at run time', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 6]);
    const shape = b.input('shape', 'int64', [2]);
    b.node('Reshape', [x, shape], { name: 'dynamic', outputs: ['y'] });
    b.output('y', 'float32');
    expect(checkSupport(makeModel(b.build()), { inputShapes: {} })).toEqual([
      { nodeId: 'dynamic', opType: 'Reshape', reason: "input 'shape' must be a constant (it is read at compile time)" },
    ]);
  });
});

describe('Dropout with a mask output (classic CNN exports)', () => {
  const dropout = (maskIsOutput: boolean): Model => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [2, 6]);
    const [y] = b.node('Dropout', [x], { name: 'drop', outputs: ['y', 'mask'] }) as string[];
    b.output(b.node('Relu', [y!], { name: 'relu', outputs: ['z'] }), 'float32', [2, 6]);
    if (maskIsOutput) b.output('mask', 'bool', [2, 6]);
    return makeModel(b.build(), { opsetImports: [{ domain: '', version: 12 }] });
  };

  it('is a view when nothing reads the mask', async () => {
    await expectMatchesOrt(dropout(false), ['Relu']);
  });

  it('is refused, naming the mask, when the mask is read', () => {
    expect(checkSupport(dropout(true), { inputShapes: { x: [2, 6] } })).toEqual([
      expect.objectContaining({ nodeId: 'drop', reason: 'Dropout with a mask output is not supported' }),
    ]);
  });
});
