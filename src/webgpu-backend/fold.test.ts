// Compile-time evaluation: shape chains over run-time tensors and all-constant nodes become
// constants, so no kernel runs for them. Checked against onnxruntime (rel L2 <= 1e-5; int64
// outputs exact).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import { tensorFromNumbers } from '../ir/tensor.ts';
import type { Model } from '../ir/types.ts';
import { checkOnGpu } from '../node/kernel-check.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { checkSupport } from './compile.ts';

const REL_L2 = 1e-5;

async function expectMatchesOrt(model: Model, kernels: string[], folded: string[]): Promise<void> {
  const check = await checkOnGpu(model, randomInputs(model.graph, { seed: 5 }));
  for (const cmp of check.comparisons) {
    expect(cmp.problem).toBeUndefined();
    expect(cmp.relL2).toBeLessThanOrEqual(REL_L2);
  }
  expect(check.compiled.plan.kernels.map((k) => k.opType)).toEqual(kernels);
  expect(check.compiled.plan.foldedNodes).toEqual(folded);
  check.compiled.destroy();
}

const ints = (name: string, values: number[]) => tensorFromNumbers(name, 'int64', [values.length], values);

describe('compile-time folding', () => {
  it('folds a Shape -> Gather -> Unsqueeze -> Concat chain feeding Reshape (a transformer head split)', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3, 8]);
    const shape = b.node('Shape', [x], { name: 'shape' });
    const batch = b.node('Gather', [shape, b.initializer(tensorFromNumbers('zero', 'int64', [], [0]))], { name: 'batch', attrs: { axis: 0 } });
    const lead = b.node('Unsqueeze', [batch, b.initializer(ints('axes', [0]))], { name: 'lead' });
    const target = b.node('Concat', [lead, b.initializer(ints('rest', [-1, 4]))], { name: 'target', attrs: { axis: 0 } });
    b.node('Relu', [b.node('Reshape', [x, target], { name: 'split_heads' })], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build()), ['Relu'], ['shape', 'batch', 'lead', 'target']);
  });

  it('returns folded values as outputs (int64 read back from int32) without any kernel', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [5, 7]);
    b.node('Shape', [x], { name: 'shape', outputs: ['dims'] });
    b.node('Mul', [b.initializer(tensorFromNumbers('w', 'float32', [2], [1.5, -2])), b.initializer(tensorFromNumbers('s', 'float32', [], [3]))], { name: 'scale', outputs: ['scaled'] });
    b.node('Neg', [x], { name: 'neg', outputs: ['y'] });
    b.output('dims', 'int64');
    b.output('scaled', 'float32');
    b.output('y', 'float32');
    await expectMatchesOrt(makeModel(b.build()), ['Neg'], ['shape', 'scale']);
  });

  it('makes nodes legal that only compute on constants, whatever their op', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4]);
    const k = b.node('Range', [b.initializer(tensorFromNumbers('start', 'float32', [], [0])), b.initializer(tensorFromNumbers('limit', 'float32', [], [4])), b.initializer(tensorFromNumbers('delta', 'float32', [], [1]))], { name: 'range' });
    b.node('Add', [x, k], { name: 'add', outputs: ['y'] });
    b.output('y', 'float32');
    expect(checkSupport(makeModel(b.build()), { inputShapes: {} })).toEqual([]);
  });
});
