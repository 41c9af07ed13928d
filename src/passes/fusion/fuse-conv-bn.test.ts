import { describe, expect, it } from 'vitest';
import { GraphBuilder, float, makeModel } from '../../ir/builder.ts';
import { printModel } from '../../ir/text/print.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseConvBn } from './fuse-conv-bn.ts';
import { cleanedBundled, DET_LOGITS, opCounts, withOutputs } from './testing/bundled.ts';

function convBnModel(extraReader: boolean): Model {
  const w = new WeightFactory(5);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 3, 8, 8]);
  const conv = b.node('Conv', [x, b.initializer(w.he('w', [4, 3, 3, 3], 27)), b.initializer(w.uniform('b', [4], -0.1, 0.1))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  const bn = b.node('BatchNormalization', [conv, ...['g', 'be', 'm'].map((n) => b.initializer(w.uniform(n, [4], 0.5, 1.5))), b.initializer(w.uniform('v', [4], 0.5, 1.5))], { name: 'bn', attrs: { epsilon: float(1e-3) }, outputs: ['y'] });
  b.output(bn, 'float32', [1, 4, 8, 8]);
  if (extraReader) b.output(b.node('Relu', [conv], { name: 'side', outputs: ['z'] }), 'float32', [1, 4, 8, 8]);
  return makeModel(b.build());
}

/** BatchNormalization(4 channels) after `layer`, whose output has `channels` channels on axis 1. */
function bnAfter(b: GraphBuilder, w: WeightFactory, input: string, channels: number): string {
  const params = ['g', 'be', 'm', 'v'].map((n) => b.initializer(w.uniform(n, [channels], 0.5, 1.5)));
  return b.node('BatchNormalization', [input, ...params], { name: 'bn', outputs: ['y'] });
}

function convTransposeBnModel(): Model {
  const w = new WeightFactory(6);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 4, 5, 5]);
  // group 2: W is [Cin=4, Cout/group=3, 2, 2], so 6 output channels, 3 per group.
  const ct = b.node('ConvTranspose', [x, b.initializer(w.he('w', [4, 3, 2, 2], 8))], { name: 'ct', attrs: { strides: [2, 2], group: 2 } });
  const bias = b.node('Add', [ct, b.initializer(w.uniform('ctb', [1, 6, 1, 1], -0.5, 0.5))], { name: 'bias' });
  b.output(bnAfter(b, w, bias, 6), 'float32', [1, 6, 10, 10]);
  return makeModel(b.build());
}

function gemmBnModel(transB: number): Model {
  const w = new WeightFactory(7);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [3, 5]);
  const weight = b.initializer(w.he('w', transB ? [4, 5] : [5, 4], 5));
  const gemm = b.node('Gemm', [x, weight, b.initializer(w.uniform('c', [4], -1, 1))], { name: 'gemm', attrs: { transB, alpha: float(0.5), beta: float(2) } });
  b.output(bnAfter(b, w, gemm, 4), 'float32', [3, 4]);
  return makeModel(b.build());
}

/** Conv → Mul(k) → Add(t) with the constants first, as PaddlePaddle exports a learnable affine. */
function convAffineModel(kDims: number[]): Model {
  const w = new WeightFactory(8);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 3, 6, 6]);
  const conv = b.node('Conv', [x, b.initializer(w.he('w', [4, 3, 3, 3], 27)), b.initializer(w.uniform('b', [4], -0.1, 0.1))], { name: 'conv' });
  const mul = b.node('Mul', [b.initializer(w.uniform('k', kDims, 0.5, 1.5)), conv], { name: 'mul' });
  b.output(b.node('Add', [mul, b.initializer(w.uniform('t', [1], -1, 1))], { name: 'add', outputs: ['y'] }), 'float32');
  return makeModel(b.build());
}

/** Mul(k) then Add(t) per input channel before a Conv (grouped when `group` > 1). */
function affineConvModel(pads: number, group = 1): Model {
  const w = new WeightFactory(9);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 4, 6, 6]);
  const s = b.node('Mul', [x, b.initializer(w.uniform('k', [1, 4, 1, 1], 0.5, 1.5))], { name: 'mul' });
  const t = b.node('Add', [b.initializer(w.uniform('t', [4, 1, 1], -1, 1)), s], { name: 'add' });
  const weights = b.initializer(w.he('w', [6, 4 / group, 3, 3], 36 / group));
  b.node('Conv', [t, weights, b.initializer(w.uniform('b', [6], -0.1, 0.1))], { name: 'conv', attrs: { pads: [pads, pads, pads, pads], group }, outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build());
}

describe('fuse-conv-bn', () => {
  it('folds the BatchNormalization into the Conv and explains it', async () => {
    const model = deepFreeze(convBnModel(false));
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['Conv']);
    expect(out.graph.nodes[0]!.outputs).toEqual(['y']);
    expect(out.graph.nodes[0]!.provenance).toEqual(['bn', 'conv']);
    expect([...changes.removed].sort()).toEqual(['bn', 'conv']);
    expect(changes.added).toEqual([out.graph.nodes[0]!.id]);
    expect(changes.explanations.map((e) => e.message)).toEqual(["folded BatchNormalization bn into Conv conv: W' = W·γ/√(σ²+ε), b' = (b−μ)·γ/√(σ²+ε)+β over 4 channels (ε=0.001)"]);
    expect(printModel(out)).toContain('y = Conv <');
    await expectSameOutputs(model, out, {}, { relL2: 1e-6 });
  });

  it('declines when the Conv output is read elsewhere, saying why', () => {
    const model = convBnModel(true);
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toEqual([{ rule: 'fuse-conv-bn/conv-bn', nodeId: 'bn', reason: "Conv conv's output is also read by Relu side; fusing it would compute it twice" }]);
  });

  it('folds a bias Add and a BatchNormalization into a grouped ConvTranspose', async () => {
    const model = deepFreeze(convTransposeBnModel());
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['ConvTranspose']);
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'folded Add bias (+[1,6,1,1] per channel) into the bias of ConvTranspose ct over 6 channels',
      "folded BatchNormalization bn into ConvTranspose ct: W' = W·γ/√(σ²+ε), b' = (b−μ)·γ/√(σ²+ε)+β over 6 channels (ε=0.00001)",
    ]);
    await expectSameOutputs(model, out, {}, { relL2: 1e-5 });
  });

  it.each([0, 1])('folds a BatchNormalization into a Gemm with transB=%i, alpha and beta', async (transB) => {
    const model = deepFreeze(gemmBnModel(transB));
    const { model: out } = fuseConvBn.run(model);
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['Gemm']);
    await expectSameOutputs(model, out, {}, { relL2: 1e-5 });
  });

  it('folds a per-channel Mul and a scalar Add after a Conv, constants first', async () => {
    const model = deepFreeze(convAffineModel([4, 1, 1]));
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['Conv']);
    expect(changes.explanations.map((e) => e.rule)).toEqual(['fuse-conv-bn/conv-mul', 'fuse-conv-bn/conv-add']);
    expect(changes.explanations[0]!.message).toBe("folded Mul mul (×[4,1,1] per channel) into Conv conv: W' = W·k, b' = b·k over 4 channels");
    await expectSameOutputs(model, out, {}, { relL2: 1e-6 });
  });

  it('declines a Mul whose constant varies along a spatial axis', () => {
    const model = convAffineModel([1, 4, 1]);
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toEqual([{ rule: 'fuse-conv-bn/conv-mul', nodeId: 'mul', reason: 'Mul constant k [1,4,1] is not one value per output channel of Conv conv' }]);
  });

  it.each([1, 2])('folds a per-channel Mul and Add before an unpadded Conv (group %i) into it', async (group) => {
    const model = deepFreeze(affineConvModel(0, group));
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['Conv']);
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'folded Add add (+t [4,1,1]) before Conv conv into its bias: b\' = b + Σ W·t (the Conv pads nothing)',
      "folded Mul mul (×k [1,4,1,1]) before Conv conv into its weights over 4 input channels: W' = W·k",
    ]);
    await expectSameOutputs(model, out, {}, { relL2: 1e-6 });
  });

  it('folds only the Mul before a padded Conv, and says why the Add stays', async () => {
    const model = deepFreeze(affineConvModel(1));
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toEqual([
      { rule: 'fuse-conv-bn/add-conv', nodeId: 'conv', reason: 'Conv conv pads its input (pads=[1,1,1,1]); the padded zeros would not be shifted as the Add does' },
    ]);
    const scaledOnly = deepFreeze({ ...model, graph: { ...model.graph, nodes: model.graph.nodes.filter((n) => n.id !== 'add').map((n) => (n.id === 'conv' ? { ...n, inputs: ['mul_out', ...n.inputs.slice(1)] } : n)) } });
    const { model: folded } = fuseConvBn.run(scaledOnly);
    expect(folded.graph.nodes.map((n) => n.opType)).toEqual(['Conv']);
    await expectSameOutputs(scaledOnly, folded, {}, { relL2: 1e-6 });
  });

  it('keeps the bundled CNN equal to the original in onnxruntime', async () => {
    const c = bundledModels().find((m) => m.id === 'cnn')!;
    const model = loadModel(c.path);
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out.graph.nodes.filter((n) => n.opType === 'BatchNormalization')).toHaveLength(0);
    expect(changes.explanations).toHaveLength(4);
    await expectSameOutputs(model, out, c, { relL2: 1e-5 });
  });

  it.each(['paddleocr-cls', 'paddleocr-det'])('folds every BatchNormalization and learnable affine of %s, equal in onnxruntime', async (id) => {
    const { c, model: cleaned } = cleanedBundled(id);
    const model = id === 'paddleocr-det' ? withOutputs(cleaned, [DET_LOGITS]) : cleaned;
    const { model: out } = fuseConvBn.run(model);
    expect(opCounts(out).BatchNormalization).toBeUndefined();
    await expectSameOutputs(model, out, c, { relL2: 1e-4 });
  });
});
