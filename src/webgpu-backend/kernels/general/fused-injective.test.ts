// kiln.FusedInjective against onnxruntime, which runs the node's model-local function (each
// input's steps as Transpose/Reshape/Slice/Expand, then the expression's ops): graphs of plain
// ops fused by the fuse-injective pass, so the nodes are the ones the pass really writes.
// Tolerance: rel L2 <= 1e-6 for float32 (only moves and the ops onnxruntime runs too, in f32),
// exact for integers and bools, 1e-3 for float16 (Relu of a moved value: exact but for storage).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Model } from '../../../ir/types.ts';
import { fuseElementwise } from '../../../passes/fusion/fuse-elementwise.ts';
import { fuseInjective } from '../../../passes/fusion/fuse-injective.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { expectMatchesOrt } from './testing/check.ts';

/** Builds a graph, runs fuse-elementwise then fuse-injective, and checks what is left. */
function fused(build: (b: GraphBuilder) => void, opset = 17, left = ['kiln.FusedInjective']): Model {
  const b = new GraphBuilder('fused-injective');
  build(b);
  const model = fuseInjective.run(fuseElementwise.run(makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] })).model).model;
  expect(model.graph.nodes.map((n) => `${n.domain ? `${n.domain}.` : ''}${n.opType}`)).toEqual(left);
  return model;
}

const i64 = (b: GraphBuilder, name: string, v: readonly number[]) => b.initializer(tensorFromNumbers(name, 'int64', [v.length], v));

async function run(model: Model, tolerance: number, variant: string, seed = 5) {
  return expectMatchesOrt(model, randomInputs(model.graph, { seed }), { tolerance, variant });
}

describe('kiln.FusedInjective matches onnxruntime', () => {
  it('NCHW → NHWC Transpose, per-channel bias and Relu', () =>
    run(fused((b) => {
      const t = b.node('Transpose', [b.input('x', 'float32', [2, 3, 4, 5])], { attrs: { perm: [0, 2, 3, 1] } });
      b.node('Relu', [b.node('Add', [t, b.input('bias', 'float32', [3])])], { outputs: ['y'] });
      b.output('y', 'float32');
    }), 1e-6, 'fused-injective'));

  it('an Add whose broadcast operand a Transpose moves', () =>
    run(fused((b) => {
      const a = b.node('Mul', [b.input('x', 'float32', [3, 4, 5]), b.input('s', 'float32', [4, 1])]);
      b.node('Transpose', [a], { attrs: { perm: [2, 0, 1] }, outputs: ['y'] });
      b.output('y', 'float32');
    }), 1e-6, 'fused-injective'));

  it('two elementwise ops joined across a Reshape, an inlined constant vector after it', () =>
    run(fused((b) => {
      const m = b.node('Sigmoid', [b.input('x', 'float32', [2, 6, 4])]);
      const r = b.node('Reshape', [m, i64(b, 'shape', [2, 2, 3, 4])]);
      b.node('Mul', [r, b.initializer(tensorFromNumbers('c', 'float32', [3, 1], [0.5, -2, 3]))], { outputs: ['y'] });
      b.output('y', 'float32');
    }), 1e-6, 'fused-injective'));

  it('a pixel-shuffle chain: Reshape, Transpose, Reshape, Transpose (two views per element)', () =>
    run(fused((b) => {
      const r1 = b.node('Reshape', [b.input('x', 'float32', [2, 6, 4]), i64(b, 's1', [2, 2, 3, 4])]);
      const t1 = b.node('Transpose', [r1], { attrs: { perm: [0, 3, 1, 2] } });
      const r2 = b.node('Reshape', [t1, i64(b, 's2', [2, 4, 6])]);
      b.node('Transpose', [r2], { attrs: { perm: [0, 2, 1] }, outputs: ['y'] });
      b.output('y', 'float32');
    }), 1e-6, 'fused-injective-reshaped'));

  it('a reversed, strided int32 Slice times a row (exact)', () =>
    run(fused((b) => {
      const s = b.node('Slice', [b.input('x', 'int32', [5, 11]), i64(b, 'st', [4, 1]), i64(b, 'en', [0, 10]), i64(b, 'ax', [0, 1]), i64(b, 'sp', [-2, 3])]);
      b.node('Mul', [s, b.input('w', 'int32', [3])], { outputs: ['y'] });
      b.output('y', 'int32');
    }, 13), 0, 'fused-injective'));

  it('Expand to a constant shape, then a product with a full-size input', async () => {
    const check = await run(fused((b) => {
      const e = b.node('Expand', [b.input('x', 'float32', [3, 1]), i64(b, 'shape', [2, 3, 4])]);
      b.node('Mul', [e, b.input('z', 'float32', [2, 3, 4])], { outputs: ['y'] });
      b.output('y', 'float32');
    }), 1e-6, 'fused-injective');
    expect(check.compiled.plan.kernels[0]!.inputs).toEqual(['x', 'z']);
  });

  it('bools: Not of a transposed Greater (exact)', () =>
    run(fused((b) => {
      const g = b.node('Greater', [b.input('x', 'float32', [3, 7]), b.initializer(tensorFromNumbers('zero', 'float32', [], [0]))]);
      b.node('Not', [b.node('Transpose', [g])], { outputs: ['y'] });
      b.output('y', 'bool');
    }), 0, 'fused-injective'));

  it('float16 storage: Relu of an Unsqueeze-Transpose-Squeeze', () =>
    run(fused((b) => {
      const u = b.node('Unsqueeze', [b.input('x', 'float16', [4, 6]), i64(b, 'a0', [1])]);
      const t = b.node('Transpose', [u], { attrs: { perm: [2, 1, 0] } });
      b.node('Relu', [b.node('Squeeze', [t, i64(b, 'a1', [1])])], { outputs: ['y'] });
      b.output('y', 'float16');
    }, 13), 1e-3, 'fused-injective'));

  it('folds at compile time over constants: a reversed shape that a Reshape reads', async () => {
    // Shape(x) reversed and scaled by 1 is known when the Reshape is lowered, as it was unfused.
    const model = fused((b) => {
      const x = b.input('x', 'float32', [2, 3, 4]);
      const rev = b.node('Slice', [b.node('Shape', [x]), i64(b, 'st', [-1]), i64(b, 'en', [-100]), i64(b, 'ax', [0]), i64(b, 'sp', [-1])], { name: 'rev' });
      const dims = b.node('Mul', [rev, b.initializer(tensorFromNumbers('one', 'int64', [], [1]))], { name: 'dims' });
      b.node('Relu', [b.node('Reshape', [x, dims])], { outputs: ['y'] });
      b.output('y', 'float32');
    }, 13, ['Shape', 'kiln.FusedInjective', 'Reshape', 'Relu']);
    const check = await run(model, 1e-6, 'unary-relu-vec4');
    expect(check.compiled.plan.foldedNodes).toContain('dims/FusedInjective');
  });
});
