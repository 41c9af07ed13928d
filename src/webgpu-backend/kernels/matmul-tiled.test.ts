// The shared-memory tiled MatMul/Gemm (what GPU adapters get) against onnxruntime, run on
// SwiftShader by forcing the GPU profile; and the same problems with the register-blocked
// variants the software profile picks. Tolerance: relative L2 error <= 1e-5 (float32).
import { describe, expect, it } from 'vitest';
import { float } from '../../ir/builder.ts';
import { checkOnGpu, oneNodeModel, type OperandSpec } from '../../node/kernel-check.ts';
import type { AdapterKind } from '../adapter-profile.ts';

const REL_L2 = 1e-5;

async function expectMatchesOrt(kind: AdapterKind, op: string, operands: OperandSpec[], attrs: Record<string, number | ReturnType<typeof float>>, variant: RegExp): Promise<void> {
  const { model, inputs } = oneNodeModel(op, operands, attrs, 13);
  const check = await checkOnGpu(model, inputs, { adapter: { kind } });
  const [cmp] = check.comparisons;
  expect(cmp!.problem).toBeUndefined();
  expect(cmp!.relL2).toBeLessThanOrEqual(REL_L2);
  expect(check.compiled.plan.kernels[0]!.variant).toMatch(variant);
  check.compiled.destroy();
}

// Edge tiles in both directions, K spanning several 32-wide steps, batches broadcast both ways.
const MATMULS: [number[], number[]][] = [
  [[8, 8], [8, 8]],
  [[40, 33], [33, 70]],
  [[33, 100], [100, 9]],
  [[2, 9, 40], [40, 12]],
  [[3, 1, 16, 5], [1, 2, 5, 9]],
];

describe.each(['gpu', 'cpu'] as const)('MatMul with the %s profile matches onnxruntime (rel L2 <= 1e-5)', (kind) => {
  const variant = kind === 'gpu' ? /^matmul-tiled/ : /^matmul-(nn-vec4|nt-vec4|scalar)/;

  it.each(MATMULS)('%j × %j', (a, b) => expectMatchesOrt(kind, 'MatMul', [{ dims: a }, { dims: b, constant: true }], {}, variant));

  const transposes = [[0, 0], [0, 1], [1, 0], [1, 1]] as const;
  it.each(transposes)('Gemm transA=%i transB=%i with a [M, 1] bias, alpha and beta', (transA, transB) => {
    const [M, K, N] = [17, 45, 9];
    const operands = [{ dims: transA ? [K, M] : [M, K] }, { dims: transB ? [N, K] : [K, N], constant: true }, { dims: [M, 1], constant: true }];
    return expectMatchesOrt(kind, 'Gemm', operands, { transA, transB, alpha: float(0.5), beta: float(2) }, variant);
  });
});

describe('variant choice', () => {
  it('keeps register blocking on a GPU for thin problems (fewer than 8 rows or columns)', () =>
    expectMatchesOrt('gpu', 'MatMul', [{ dims: [2, 64] }, { dims: [64, 32], constant: true }], {}, /^matmul-nn-vec4$/));
});
