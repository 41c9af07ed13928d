// MatMul and Gemm kernels against onnxruntime on awkward sizes (edge tiles, odd K, 1-D operands,
// broadcast batches, every transA/transB pair, every bias shape). Tolerance: relative L2 error
// <= 1e-5 (float32).
import { describe, expect, it } from 'vitest';
import { float } from '../../ir/builder.ts';
import { checkOnGpu, oneNodeModel, type OperandSpec } from '../../node/kernel-check.ts';

const REL_L2 = 1e-5;

async function expectMatchesOrt(op: string, operands: (OperandSpec | '')[], attrs: Record<string, number | ReturnType<typeof float>>, variant: string): Promise<void> {
  const { model, inputs } = oneNodeModel(op, operands, attrs, 11);
  const check = await checkOnGpu(model, inputs);
  const [cmp] = check.comparisons;
  expect(cmp!.problem).toBeUndefined();
  expect(cmp!.relL2).toBeLessThanOrEqual(REL_L2);
  expect(check.compiled.plan.kernels[0]!.variant).toBe(variant);
  check.compiled.destroy();
}

describe('MatMul matches onnxruntime (rel L2 <= 1e-5)', () => {
  const cases: [number[], number[], string][] = [
    [[1, 1], [1, 1], 'matmul-scalar'],
    [[3, 17], [17, 5], 'matmul-scalar'],
    [[17, 63], [63, 130], 'matmul-scalar'],
    [[5, 8], [8, 12], 'matmul-nn-vec4'],
    [[17, 64], [64, 36], 'matmul-nn-vec4'],
    [[130, 4], [4, 1], 'matmul-nt-vec4'],
    [[2, 3, 4], [4, 8], 'matmul-nn-vec4'],
    [[2, 3, 5], [2, 5, 7], 'matmul-scalar'],
    [[2, 1, 3, 8], [3, 8, 4], 'matmul-nn-vec4'],
    [[3, 1, 6, 5], [1, 2, 5, 3], 'matmul-scalar'],
    [[17], [17, 3], 'matmul-scalar'],
    [[2, 3, 8], [8], 'matmul-nt-vec4'],
    [[63], [63], 'matmul-scalar'],
  ];
  it.each(cases)('%j × %j', (a, b, variant) => expectMatchesOrt('MatMul', [{ dims: a }, { dims: b, constant: true }], {}, variant));

  it('rejects mismatched inner dims, naming the node', async () => {
    const { model, inputs } = oneNodeModel('MatMul', [{ dims: [3, 4] }, { dims: [5, 6] }]);
    await expect(checkOnGpu(model, inputs)).rejects.toThrow(/MatMul \(matmul0\): inner dims differ/);
  });
});

describe('Gemm matches onnxruntime (rel L2 <= 1e-5)', () => {
  const M = 17, K = 12, N = 9;
  const transposes = [[0, 0], [0, 1], [1, 0], [1, 1]] as const;
  it.each(transposes)('transA=%i transB=%i with a [N] bias, alpha and beta', (transA, transB) =>
    expectMatchesOrt(
      'Gemm',
      [{ dims: transA ? [K, M] : [M, K] }, { dims: transB ? [N, K] : [K, N], constant: true }, { dims: [N], constant: true }],
      { transA, transB, alpha: float(0.5), beta: float(2) },
      transA ? 'matmul-scalar-bias' : transB ? 'matmul-nt-vec4-bias' : 'matmul-scalar-bias',
    ),
  );

  const biases: [number[]][] = [[[]], [[1]], [[3, 1]], [[1, 8]], [[8]], [[3, 8]]];
  it.each(biases)('bias %j broadcast to [3, 8]', (bias) =>
    expectMatchesOrt('Gemm', [{ dims: [3, 4] }, { dims: [4, 8] }, { dims: bias }], {}, 'matmul-nn-vec4-bias'),
  );

  it('without a bias, and with beta = 0 ignoring one', async () => {
    await expectMatchesOrt('Gemm', [{ dims: [130, 3] }, { dims: [3, 1] }], { alpha: float(1.5) }, 'matmul-scalar');
    await expectMatchesOrt('Gemm', [{ dims: [2, 4] }, { dims: [4, 4] }, { dims: [4] }], { beta: float(0) }, 'matmul-nn-vec4');
  });
});
