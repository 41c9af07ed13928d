// Compile-time evaluation: shape chains over run-time tensors and all-constant nodes become
// constants, so no kernel runs for them. Checked against onnxruntime (rel L2 <= 1e-5; int64
// outputs exact).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import { tensorFromNumbers } from '../ir/tensor.ts';
import type { Graph, Model } from '../ir/types.ts';
import { checkOnGpu } from '../node/kernel-check.ts';
import { fuseElementwise } from '../passes/fusion/fuse-elementwise.ts';
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

function branch(name: string, build: (b: GraphBuilder) => string): Graph {
  const b = new GraphBuilder(name);
  b.output(build(b));
  return b.build();
}

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

  it('folds a fused shape computation that decides an If (Silero VAD after fuse-elementwise)', async () => {
    // Not(Equal(Size(x), 2)) picks Squeeze or Identity, whose outputs differ in shape: the If is
    // only compilable when the fused condition is known at compile time, as the unfused one is.
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4]);
    const size = b.node('Size', [x], { name: 'size' });
    const two = b.initializer(tensorFromNumbers('two', 'int64', [], [2]));
    const cond = b.node('Not', [b.node('Equal', [size, two], { name: 'equal' })], { name: 'not' });
    const squeezed = branch('then', (g) => g.node('Squeeze', ['x', 'axes'], { name: 'squeeze' }));
    const kept = branch('else', (g) => g.node('Identity', ['x'], { name: 'keep' }));
    b.initializer(ints('axes', [0]));
    b.node('If', [cond], { name: 'if', attrs: { then_branch: squeezed, else_branch: kept }, outputs: ['picked'] });
    b.node('Relu', ['picked'], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32');
    const fused = fuseElementwise.run(makeModel(b.build())).model;
    expect(fused.graph.nodes.map((n) => n.opType)).toContain('FusedElementwise');
    await expectMatchesOrt(fused, ['Relu'], ['size', 'not/FusedElementwise', 'if']);
  });
});
