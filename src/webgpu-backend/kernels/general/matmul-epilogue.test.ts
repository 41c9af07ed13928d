// kiln.FusedMatMulEpilogue and kiln.FusedGemmEpilogue against onnxruntime, which runs the nodes'
// model-local functions (the MatMul or Gemm, then the expression's ops): graphs of plain ops fused
// by fuse-elementwise and fuse-epilogue, so the nodes are the ones the passes really write. Each
// matmul variant stores through the expression (nn-vec4, nt-vec4, scalar on the software profile,
// tiled on the GPU profile), with epilogue inputs read full size (in place), as a bias row, per
// row, by a general broadcast, and as an inlined constant vector.
// Tolerance: relative L2 error <= 1e-5 (float32 sums of at most 16 products; sigmoid/tanh a few ulps).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel, type AttrInput } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Model } from '../../../ir/types.ts';
import { WeightFactory } from '../../../models/weights.ts';
import { fuseElementwise } from '../../../passes/fusion/fuse-elementwise.ts';
import { fuseEpilogue } from '../../../passes/fusion/fuse-epilogue.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { expectMatchesOrt } from './testing/check.ts';

/** Builds `op` (A a graph input, B and C weights), then `epilogue` on its output ('y'); both passes must leave one fused node. */
function fused(op: 'MatMul' | 'Gemm' | 'FusedGemm', a: number[], b: number[], epilogue: (g: GraphBuilder, out: string) => void, attrs: Record<string, AttrInput> = {}, c?: number[]): Model {
  const weights = new WeightFactory(13);
  const g = new GraphBuilder('matmul-epilogue');
  const inputs = [g.input('a', 'float32', a), g.initializer(weights.he('b', b, b.at(-2)!)), ...(c ? [g.initializer(weights.uniform('c', c, -1, 1))] : [])];
  const out = g.node(op, inputs, { name: 'mm', attrs, ...(op === 'FusedGemm' ? { domain: 'com.microsoft' } : {}) });
  epilogue(g, out);
  g.output('y', 'float32');
  const model = makeModel(g.build(), { opsetImports: [{ domain: '', version: 17 }, ...(op === 'FusedGemm' ? [{ domain: 'com.microsoft', version: 1 }] : [])] });
  const result = fuseEpilogue.run(fuseElementwise.run(model).model).model;
  expect(result.graph.nodes.map((n) => `${n.domain}.${n.opType}`)).toEqual([op === 'MatMul' ? 'kiln.FusedMatMulEpilogue' : 'kiln.FusedGemmEpilogue']);
  return result;
}

async function check(model: Model, variant: string, options: { gpu?: boolean; inPlace?: boolean } = {}): Promise<void> {
  const result = await expectMatchesOrt(model, randomInputs(model.graph, { seed: 3 }), { tolerance: 1e-5, variant, ...(options.gpu ? { adapter: { kind: 'gpu' as const } } : {}) });
  if (options.inPlace !== undefined) expect(result.compiled.plan.kernels[0]!.inPlace !== undefined).toBe(options.inPlace);
}

/** relu(x + bias) with a bias row of `n` (inlined when it has at most 16 elements, an initializer input otherwise). */
const biasRelu = (n: number) => (g: GraphBuilder, out: string) => {
  const bias = g.initializer(tensorFromNumbers('bias', 'float32', [n], Array.from({ length: n }, (_, i) => Math.sin(i + 1))));
  g.node('Relu', [g.node('Add', [out, bias])], { outputs: ['y'] });
};

/** tanh(x + residual): the residual is a graph input only this kernel reads. */
const residualTanh = (dims: number[]) => (g: GraphBuilder, out: string) => {
  g.node('Tanh', [g.node('Add', [out, g.input('r', 'float32', dims)])], { outputs: ['y'] });
};

describe('kiln.FusedMatMulEpilogue / FusedGemmEpilogue match onnxruntime (rel L2 <= 1e-5)', () => {
  it('nn-vec4: a bias row (inlined constant vector) and Relu, broadcast batch', () => check(fused('MatMul', [2, 3, 8], [8, 8], biasRelu(8)), 'matmul-nn-vec4-epilogue'));

  it('nn-vec4: a bias row of 20 (an initializer input, a block)', () => check(fused('MatMul', [3, 8], [8, 20], biasRelu(20)), 'matmul-nn-vec4-epilogue'));

  it('scalar: a residual and Tanh, written in place of the residual', () => check(fused('MatMul', [3, 5], [5, 7], residualTanh([3, 7])), 'matmul-scalar-epilogue', { inPlace: true }));

  it('scalar: a 1-D A (the output loses its row dim)', () => check(fused('MatMul', [8], [8, 6], biasRelu(6)), 'matmul-scalar-epilogue'));

  it('Gemm nt-vec4: alpha, bias C, a per-row scale and Sigmoid', () =>
    check(
      fused('Gemm', [4, 8], [5, 8], (g, out) => void g.node('Sigmoid', [g.node('Mul', [out, g.input('s', 'float32', [4, 1])])], { outputs: ['y'] }), { transB: 1, alpha: 0.5 }, [5]),
      'matmul-nt-vec4-bias-epilogue',
    ));

  it('tiled (GPU profile): a general broadcast ([2, 1, 12]) and the residual in place', () =>
    check(
      fused('MatMul', [2, 20, 16], [16, 12], (g, out) => {
        const m = g.node('Mul', [out, g.input('s', 'float32', [2, 1, 12])]);
        g.node('Add', [m, g.input('r', 'float32', [2, 20, 12])], { outputs: ['y'] });
      }),
      'matmul-tiled-epilogue',
      { gpu: true, inPlace: true },
    ));

  it('tiled Gemm (GPU profile): transA, beta, and a residual', () => check(fused('Gemm', [16, 9], [16, 10], residualTanh([9, 10]), { transA: 1, beta: 0.25 }, [9, 1]), 'matmul-tiled-bias-epilogue', { gpu: true }));

  it("a FusedGemm's activation, then a residual", () =>
    check(
      fused('FusedGemm', [4, 6], [6, 5], (g, out) => void g.node('Add', [out, g.input('r', 'float32', [4, 5])], { outputs: ['y'] }), { activation: 'LeakyRelu', activation_alpha: 0.2 }),
      'matmul-scalar-epilogue',
    ));
});
