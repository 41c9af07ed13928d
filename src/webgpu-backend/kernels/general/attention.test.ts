// com.microsoft.Attention, MultiHeadAttention and ONNX Attention against onnxruntime: head sizes
// that are and are not multiples of 4, several batches and heads, causal masking, an explicit
// scale, no bias, cross-attention with a different key length. Tolerance: rel L2 <= 1e-5
// (float32; the online softmax sums in another order than onnxruntime's).
import { describe, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;
const ms = 'com.microsoft';

describe('com.microsoft.Attention matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([
    [2, 5, 8, 8, 2, 'matmul-nn-vec4-bias', 'attention-vec4'],
    [1, 7, 6, 6, 2, 'matmul-scalar-bias', 'attention'],
    [1, 16, 12, 16, 4, 'matmul-nn-vec4-bias', 'attention-vec4'],
  ] as const)('batch %i, sequence %i, input %i, hidden %i, %i heads', (B, S, In, H, heads, projection, attention) =>
    expectNode(
      { op: 'Attention', domain: ms, operands: [{ dims: [B, S, In] }, { dims: [In, 3 * H], constant: true }, { dims: [3 * H], constant: true }], attrs: { num_heads: heads }, seed: 7 },
      { tolerance: REL_L2, variant: [projection, attention] },
    ),
  );
  it('unidirectional, with an explicit scale', () =>
    expectNode(
      { op: 'Attention', domain: ms, operands: [{ dims: [2, 6, 8] }, { dims: [8, 24], constant: true }, { dims: [24], constant: true }], attrs: { num_heads: 2, unidirectional: 1, scale: float(0.3) } },
      { tolerance: REL_L2, variant: ['matmul-nn-vec4-bias', 'attention-vec4-causal'] },
    ),
  );
});

describe('com.microsoft.MultiHeadAttention matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([
    [2, 5, 5, 8, 8, 2, 'attention-vec4'],
    [1, 4, 7, 6, 6, 3, 'attention'],
    [1, 3, 9, 8, 12, 2, 'attention'],
  ] as const)('batch %i, %i queries, %i keys, qk hidden %i, v hidden %i, %i heads, packed bias', (B, S, L, D, Dv, heads, variant) =>
    expectNode(
      { op: 'MultiHeadAttention', domain: ms, operands: [{ dims: [B, S, D] }, { dims: [B, L, D] }, { dims: [B, L, Dv] }, { dims: [2 * D + Dv], constant: true }], attrs: { num_heads: heads }, seed: 3 },
      { tolerance: REL_L2, variant },
    ),
  );
  it('without a bias', () =>
    expectNode({ op: 'MultiHeadAttention', domain: ms, operands: [{ dims: [1, 4, 8] }, { dims: [1, 6, 8] }, { dims: [1, 6, 8] }], attrs: { num_heads: 2 } }, { tolerance: REL_L2, variant: 'attention-vec4' }));
});

describe('ONNX Attention (opset 23) matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([[0, 'attention-vec4'], [1, 'attention-vec4-causal']] as const)('3-D Q, K, V, is_causal=%i', (is_causal, variant) =>
    expectNode({ op: 'Attention', operands: [{ dims: [2, 5, 8] }, { dims: [2, 5, 8] }, { dims: [2, 5, 8] }], attrs: { q_num_heads: 2, kv_num_heads: 2, is_causal }, opset: 23 }, { tolerance: REL_L2, variant }));
});
