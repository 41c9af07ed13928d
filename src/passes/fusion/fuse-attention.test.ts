import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseAttention } from './fuse-attention.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { cleanedBundled, opCounts } from './testing/bundled.ts';
import { opTypes } from './testing/build.ts';

interface AttentionOptions {
  readonly opset?: number;
  readonly k?: 'direct' | 'twice';
  readonly scale?: 'div' | 'mul';
  /** Scale the scores by this instead of 1/√8. */
  readonly scaleValue?: number;
  /** K and V read a second input of another sequence length. */
  readonly cross?: boolean;
  /** Heads of the V split (4 like Q and K unless changed). */
  readonly vHeads?: number;
}

/** 4-head attention over 32 features, head size 8, written out as an exporter writes it. */
function attentionModel(o: AttentionOptions = {}): Model {
  const w = new WeightFactory(41);
  const b = new GraphBuilder('g');
  const shape = (name: string, dims: number[]) => b.initializer(tensorFromNumbers(name, 'int64', [dims.length], dims));
  const x = b.input('x', 'float32', [2, 6, 32]);
  const memory = o.cross ? b.input('memory', 'float32', [2, 10, 32]) : x;
  const project = (p: string, input: string, seq: number, heads = 4) => {
    const h = b.node('Add', [b.node('MatMul', [input, b.initializer(w.he(`${p}.w`, [32, 32], 32))], { name: `${p}.mm` }), b.initializer(w.uniform(`${p}.b`, [32], -0.5, 0.5))], { name: `${p}.add` });
    return b.node('Reshape', [h, shape(`${p}.shape`, [0, seq, heads, 32 / heads])], { name: `${p}.split` });
  };
  const heads = (r: string, name: string) => b.node('Transpose', [r], { name, attrs: { perm: [0, 2, 1, 3] } });
  const q = heads(project('q', x, 6), 'q.t');
  const kr = project('k', memory, o.cross ? 10 : 6);
  const k = o.k === 'twice' ? b.node('Transpose', [heads(kr, 'k.t')], { name: 'k.swap', attrs: { perm: [0, 1, 3, 2] } }) : b.node('Transpose', [kr], { name: 'k.t', attrs: { perm: [0, 2, 3, 1] } });
  const v = heads(project('v', memory, o.cross ? 10 : 6, o.vHeads), 'v.t');
  const scores = b.node('MatMul', [q, k], { name: 'scores' });
  const factor = o.scaleValue ?? 1 / Math.sqrt(8);
  const scaled = o.scale === 'mul' ? b.node('Mul', [scores, b.initializer(tensorFromNumbers('scale.k', 'float32', [], [factor]))], { name: 'scale' }) : b.node('Div', [scores, b.initializer(tensorFromNumbers('scale.k', 'float32', [], [1 / factor]))], { name: 'scale' });
  const probs = b.node('Softmax', [scaled], { name: 'softmax', attrs: { axis: -1 } });
  const merged = b.node('Transpose', [b.node('MatMul', [probs, v], { name: 'context' })], { name: 'merge', attrs: { perm: [0, 2, 1, 3] } });
  b.node('Reshape', [merged, shape('merge.shape', [0, 6, 32])], { name: 'out', outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: o.opset ?? 17 }] });
}

async function fuses(model: Model, ops: string[]): Promise<Model> {
  const { model: out } = fuseAttention.run(deepFreeze(model));
  expect(opTypes(out)).toEqual(ops);
  await expectSameOutputs(model, out, {}, { relL2: 1e-5 });
  return out;
}

describe('fuse-attention', () => {
  it('fuses self-attention into com.microsoft.Attention with packed weights and explains it', async () => {
    const model = attentionModel();
    const { changes } = fuseAttention.run(model);
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'fused multi-head self-attention (18 nodes: projections, head split, Q·Kᵀ scaled by 1/√8, Softmax, ·V, head merge) into com.microsoft.Attention(num_heads=4, head size 8) with packed QKV weights [32,96]',
    ]);
    const out = await fuses(model, ['com.microsoft.Attention']);
    expect(out.graph.initializers.find((t) => t.name === 'qkv_weight')?.dims).toEqual([32, 96]);
  });

  it.each<AttentionOptions>([{ k: 'twice' }, { scale: 'mul' }, { scaleValue: 0.2 }])('fuses the variant %o', async (o) => {
    await fuses(attentionModel(o), ['com.microsoft.Attention']);
  });

  it('fuses into ONNX Attention after the projections at opset 23', async () => {
    await fuses(attentionModel({ opset: 23 }), ['MatMul', 'Add', 'MatMul', 'Add', 'MatMul', 'Add', 'Attention']);
  });

  it('fuses cross-attention into com.microsoft.MultiHeadAttention after the projections', async () => {
    await fuses(attentionModel({ cross: true }), ['MatMul', 'MatMul', 'MatMul', 'com.microsoft.MultiHeadAttention']);
  });

  it('declines when V is split into other heads than Q and K', () => {
    const model = attentionModel({ vHeads: 8 });
    const { model: out, changes } = fuseAttention.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toEqual([
      { rule: 'fuse-attention/k-direct-div', nodeId: 'out', reason: 'the head split reshapes to [0,6,8,4]; expected [batch, sequence, heads, head size] with the same heads for Q, K and V' },
    ]);
  });

  it('fuses the attention of the bundled transformer as exported, reshape shapes computed at run time', async () => {
    const c = bundledModels().find((m) => m.id === 'transformer')!;
    const model = loadModel(c.path);
    const { model: out, changes } = fuseAttention.run(model);
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'fused multi-head self-attention (36 nodes: projections, head split with its Shape→Gather→Unsqueeze→Concat chains, Q·Kᵀ scaled by 1/√16, Softmax, ·V, head merge) into com.microsoft.Attention(num_heads=4, head size 16) with packed QKV weights [64,192]',
    ]);
    await expectSameOutputs(model, out, c, { relL2: 1e-5 });
  });

  it('fuses the bundled transformer\'s attention after cleanup, equal in onnxruntime', async () => {
    const { c, model } = cleanedBundled('transformer');
    const { model: out } = fuseAttention.run(model);
    expect(opCounts(out)['com.microsoft.Attention']).toBe(1);
    expect(model.graph.nodes.length - out.graph.nodes.length).toBe(17);
    await expectSameOutputs(model, out, c, { relL2: 1e-5 });
  });
});
