// kiln.FusedReduce against onnxruntime, which runs the node's model-local function (the
// expression's ops, then the Reduce): graphs of plain ops fused by fuse-elementwise and
// fuse-reduce, so the nodes are the ones the passes really write. Tolerance: rel L2 <= 1e-5 for
// float32 (both sum in f32, in different orders), exact for integers, 2e-2 for float16
// (onnxruntime rounds every intermediate to float16, Kiln keeps them in f32).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import type { DType } from '../../../ir/dtype.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Model } from '../../../ir/types.ts';
import { fuseElementwise } from '../../../passes/fusion/fuse-elementwise.ts';
import { fuseReduce } from '../../../passes/fusion/fuse-reduce.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { expectMatchesOrt } from './testing/check.ts';

/** Builds a graph, runs both passes, and checks that one kiln.FusedReduce is all that is left. */
function fused(build: (b: GraphBuilder) => void, opset = 18): Model {
  const b = new GraphBuilder('fused-reduce');
  build(b);
  const model = fuseReduce.run(fuseElementwise.run(makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] })).model).model;
  expect(model.graph.nodes.map((n) => `${n.domain}.${n.opType}`)).toEqual(['kiln.FusedReduce']);
  return model;
}

const axesInput = (b: GraphBuilder, axes: readonly number[]) => b.initializer(tensorFromNumbers(`axes${axes.join('_')}`, 'int64', [axes.length], axes));

/** Pow(Sub(x, m), 2) reduced over `axes` of x: the mean m is broadcast along the reduced axes. */
function variance(reduce: string, dims: readonly number[], mdims: readonly number[], axes: readonly number[], keepdims: number, dtype: DType = 'float32'): Model {
  return fused((b) => {
    const d = b.node('Sub', [b.input('x', dtype, dims), b.input('m', dtype, mdims)]);
    const p = b.node('Pow', [d, b.initializer(tensorFromNumbers('two', dtype, [], [2]))]);
    b.node(reduce, [p, axesInput(b, axes)], { outputs: ['v'], attrs: { keepdims } });
    b.output('v', dtype);
  });
}

async function run(model: Model, tolerance = 1e-5, seed = 3, gpu = false): Promise<void> {
  const adapter = gpu ? { adapter: { kind: 'gpu' as const } } : {};
  await expectMatchesOrt(model, randomInputs(model.graph, { seed }), { tolerance, variant: gpu ? 'fused-reduce-workgroup' : 'fused-reduce', ...adapter });
}

describe('kiln.FusedReduce matches onnxruntime', () => {
  it.each([[1], [0]])('variance over the last axis with a broadcast mean, keepdims %i', (keepdims) => run(variance('ReduceMean', [2, 3, 8], [2, 3, 1], [-1], keepdims)));

  it.each([[1], [0]])('a multi-axis (interleaved) reduction of a broadcast product, keepdims %i', (keepdims) =>
    run(fused((b) => {
      const e = b.node('Exp', [b.input('x', 'float32', [2, 3, 4, 5])]);
      const m = b.node('Mul', [e, b.input('w', 'float32', [3, 1, 5])]);
      b.node('ReduceSum', [m, axesInput(b, [0, 2])], { outputs: ['y'], attrs: { keepdims } });
      b.output('y', 'float32');
    }, 13)));

  it('a reduction of everything (no axes) to a scalar', () =>
    run(fused((b) => {
      const a = b.node('Abs', [b.input('x', 'float32', [3, 7])]);
      b.node('ReduceMax', [b.node('Mul', [a, b.input('s', 'float32', [])])], { outputs: ['y'], attrs: { keepdims: 0 } });
      b.output('y', 'float32');
    })));

  it('an inlined constant vector broadcast along the kept axis', () =>
    run(fused((b) => {
      const c = b.initializer(tensorFromNumbers('c', 'float32', [3, 1], [0.5, -2, 3]));
      b.node('ReduceSum', [b.node('Mul', [b.input('x', 'float32', [3, 6]), c]), axesInput(b, [1])], { outputs: ['y'], attrs: { keepdims: 0 } });
      b.output('y', 'float32');
    })));

  it.each(['ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceSumSquare', 'ReduceLogSum', 'ReduceLogSumExp'])('%s of a positive expression over two axes', (reduce) =>
    run(fused((b) => {
      const pos = b.node('Add', [b.node('Abs', [b.input('x', 'float32', [2, 3, 4])]), b.initializer(tensorFromNumbers('half', 'float32', [], [0.5]))]);
      b.node(reduce, [pos, axesInput(b, [0, 2])], { outputs: ['y'], attrs: { keepdims: 1 } });
      b.output('y', 'float32');
    })));

  it('an integer ReduceSum (exact)', () =>
    run(fused((b) => {
      b.node('ReduceSum', [b.node('Mul', [b.input('x', 'int32', [3, 5]), b.input('k', 'int32', [5])]), axesInput(b, [1])], { outputs: ['y'], attrs: { keepdims: 0 } });
      b.output('y', 'int32');
    }), 0));

  // GPU profiles give a long row (>= 128 elements) a workgroup: a broadcast mean, two reduced axes, the two-pass LogSumExp.
  it.each(['ReduceMean', 'ReduceMax', 'ReduceLogSumExp'])('%s of a long row in one workgroup (GPU profile)', (reduce) =>
    run(variance(reduce, [3, 10, 20], [3, 1, 1], [1, 2], 0), 1e-5, 3, true));

  it('float16 storage', () => run(variance('ReduceMean', [2, 3, 8], [2, 3, 1], [-1], 1, 'float16'), 2e-2));

  it('folds at compile time over constants: a fused element count that a Reshape reads', async () => {
    // ReduceProd(Cast(Shape(x))): the Reshape's target must be known when it is lowered, as it
    // was before the Cast fused into the reduction.
    const b = new GraphBuilder('numel');
    const x = b.input('x', 'float32', [2, 3, 4]);
    const dims = b.node('Cast', [b.node('Shape', [x], { name: 'shape' })], { name: 'cast', attrs: { to: 7 } });
    const n = b.node('ReduceProd', [dims], { name: 'numel', attrs: { keepdims: 1 } });
    b.node('Relu', [b.node('Reshape', [x, n], { name: 'flat' })], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32');
    const model = fuseReduce.run(makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] })).model;
    expect(model.graph.nodes.map((n) => n.opType)).toEqual(['Shape', 'FusedReduce', 'Reshape', 'Relu']);
    const check = await expectMatchesOrt(model, randomInputs(model.graph, { seed: 1 }), { tolerance: 1e-6 });
    expect(check.compiled.plan.foldedNodes).toContain('numel/FusedReduce');
  });
});
