// com.microsoft.FusedGemm and FusedMatMul against onnxruntime: every activation FusedGemm runs,
// with its parameters, on the register-blocked variants and the tiled GPU variant; FusedMatMul
// with every transA/transB pair, alpha, batches and 1-D operands. Tolerance: rel L2 <= 1e-5.
import { describe, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;
const ms = 'com.microsoft';

describe('com.microsoft.FusedGemm matches onnxruntime (rel L2 <= 1e-5)', () => {
  const acts: [string, Record<string, ReturnType<typeof float>>][] = [
    ['Relu', {}], ['Tanh', {}], ['Sigmoid', {}], ['Softplus', {}], ['Softsign', {}],
    ['LeakyRelu', { activation_alpha: float(0.1) }], ['HardSigmoid', { activation_alpha: float(0.3), activation_beta: float(0.4) }],
    ['Elu', { activation_alpha: float(0.8) }], ['Selu', { activation_alpha: float(1.5), activation_gamma: float(1.1) }], ['ThresholdedRelu', { activation_alpha: float(0.2) }],
  ];
  it.each(acts)('%s %j', (activation, params) =>
    expectNode({ op: 'FusedGemm', domain: ms, operands: [{ dims: [5, 8] }, { dims: [8, 12], constant: true }, { dims: [12], constant: true }], attrs: { activation, ...params }, range: [-2, 2] }, { tolerance: REL_L2, variant: `matmul-nn-vec4-bias-${activation.toLowerCase()}` }),
  );
  it('transB, alpha and beta, odd sizes', () =>
    expectNode({ op: 'FusedGemm', domain: ms, operands: [{ dims: [7, 5] }, { dims: [3, 5], constant: true }, { dims: [1, 3], constant: true }], attrs: { activation: 'LeakyRelu', activation_alpha: float(0.2), transB: 1, alpha: float(0.5), beta: float(2) } }, { tolerance: REL_L2, variant: 'matmul-scalar-bias-leakyrelu' }));
  it('the tiled variant on a GPU profile', () =>
    expectNode({ op: 'FusedGemm', domain: ms, operands: [{ dims: [33, 16] }, { dims: [16, 40], constant: true }, { dims: [40], constant: true }], attrs: { activation: 'Sigmoid' } }, { tolerance: REL_L2, variant: 'matmul-tiled-bias-sigmoid', adapter: { kind: 'gpu' } }));
});

describe('com.microsoft.FusedMatMul matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([[0, 0], [0, 1], [1, 0], [1, 1]] as const)('transA=%i transB=%i, batched, alpha', (transA, transB) =>
    expectNode({ op: 'FusedMatMul', domain: ms, operands: [{ dims: transA ? [2, 5, 3] : [2, 3, 5] }, { dims: transB ? [7, 5] : [5, 7], constant: true }], attrs: { transA, transB, alpha: float(0.25) } }, { tolerance: REL_L2 }));
  it('vec4-friendly sizes and a broadcast batch', () =>
    expectNode({ op: 'FusedMatMul', domain: ms, operands: [{ dims: [2, 1, 4, 8] }, { dims: [3, 8, 4] }], attrs: { alpha: float(2) } }, { tolerance: REL_L2, variant: 'matmul-nn-vec4' }));
  it('a 1-D right operand', () =>
    expectNode({ op: 'FusedMatMul', domain: ms, operands: [{ dims: [3, 6] }, { dims: [6] }], attrs: { alpha: float(1.5) } }, { tolerance: REL_L2 }));
});
