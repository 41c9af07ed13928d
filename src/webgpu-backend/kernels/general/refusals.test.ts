// What this folder's ops refuse, and that the refusal names the node and says why: legality
// (checkSupport, before anything runs) for attributes and inputs, and compile errors for what
// only the shapes tell. No onnxruntime needed.
import { describe, expect, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { checkOnGpu } from '../../../node/kernel-check.ts';
import { checkSupport } from '../../compile.ts';
import { nodeModel, type NodeCase } from './testing/check.ts';

const reasons = (c: NodeCase) => {
  const { model, inputs } = nodeModel(c);
  return checkSupport(model, { inputShapes: Object.fromEntries(inputs.map((t) => [t.name, t.dims])) }).map((u) => `${u.nodeId}: ${u.reason}`);
};
const ms = 'com.microsoft';

describe('legality refusals name the node and the reason', () => {
  it('Attention with a mask, and with different Q/K/V hidden sizes', () => {
    const operands = [{ dims: [1, 4, 8] }, { dims: [8, 24], constant: true }, { dims: [24], constant: true }, { dims: [1, 4], dtype: 'int32' as const }];
    expect(reasons({ op: 'Attention', domain: ms, operands, attrs: { num_heads: 2 } })).toEqual(['attention0: mask_index (input 3) is not supported']);
    expect(reasons({ op: 'Attention', domain: ms, operands: operands.slice(0, 3), attrs: { num_heads: 2, qkv_hidden_sizes: [8, 8, 4] } })).toEqual(['attention0: qkv_hidden_sizes [8,8,4] of different sizes are not supported']);
  });
  it('ONNX Attention with query heads that are not a multiple of the key/value heads', () =>
    expect(reasons({ op: 'Attention', operands: [{ dims: [1, 4, 6] }, { dims: [1, 4, 4] }, { dims: [1, 4, 4] }], attrs: { q_num_heads: 3, kv_num_heads: 2 }, opset: 23 })).toEqual([
      'attention0: q_num_heads 3 must be a multiple of kv_num_heads 2',
    ]));
  it('FusedGemm with an activation onnxruntime does not fuse', () =>
    expect(reasons({ op: 'FusedGemm', domain: ms, operands: [{ dims: [2, 3] }, { dims: [3, 4], constant: true }], attrs: { activation: 'Clip' } })).toEqual([
      'fusedgemm0: activation Clip is not supported (FusedGemm runs Relu, Tanh, Sigmoid, Softplus, Softsign, LeakyRelu, HardSigmoid, Elu, Selu, ThresholdedRelu)',
    ]));
  it('FusedMatMul with batch transposes', () =>
    expect(reasons({ op: 'FusedMatMul', domain: ms, operands: [{ dims: [2, 3, 4] }, { dims: [2, 4, 5] }], attrs: { transBatchA: 1 } })).toEqual(['fusedmatmul0: transBatchA/transBatchB are not supported']));
  it('blocked QuantizeLinear', () =>
    expect(reasons({ op: 'QuantizeLinear', operands: [{ dims: [4, 8] }, { dims: [4, 2], constant: true }], attrs: { block_size: 4, axis: 1 }, outputs: ['uint8'], opset: 21 })).toEqual(['quantizelinear0: blocked quantization (block_size) is not supported']));
  it('a FusedElementwise whose expression does not parse', () =>
    expect(reasons({ op: 'FusedElementwise', domain: 'kiln', operands: [{ dims: [3] }], attrs: { expression: 'add(x0' } })[0]).toMatch(/^fusedelementwise0: expression: expected/));
  it('LayerNormalization with another stash_type', () =>
    expect(reasons({ op: 'LayerNormalization', operands: [{ dims: [2, 4] }, { dims: [4], constant: true }], attrs: { stash_type: 11 } })).toEqual(['layernormalization0: stash_type 11 is not supported (statistics are computed in float32)']));
});

describe('compile-time refusals for what the shapes tell', () => {
  it('LayerNormalization with a scale that is not a normalized row', async () => {
    const { model, inputs } = nodeModel({ op: 'LayerNormalization', operands: [{ dims: [2, 3, 4] }, { dims: [3, 1], constant: true }], attrs: { axis: 1, epsilon: float(1e-5) } });
    await expect(checkOnGpu(model, inputs)).rejects.toThrow(/LayerNormalization \(layernormalization0\): scale \[3,1\] does not have the 12 elements of a normalized row/);
  });
  it('QLinearMatMul with a 1-D operand', async () => {
    const b = (dims: number[], dtype: 'uint8' | 'float32', constant = true) => ({ dims, dtype, constant, values: Array.from({ length: dims.reduce((p, d) => p * d, 1) }, () => 1) });
    const { model, inputs } = nodeModel({ op: 'QLinearMatMul', operands: [b([4], 'uint8', false), b([], 'float32'), b([], 'uint8'), b([4, 2], 'uint8'), b([], 'float32'), b([], 'uint8'), b([], 'float32'), b([], 'uint8')], outputs: ['uint8'] });
    await expect(checkOnGpu(model, inputs)).rejects.toThrow(/QLinearMatMul \(qlinearmatmul0\): operands of rank >= 2 are supported/);
  });
});
