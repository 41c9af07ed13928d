import { describe, expect, it } from 'vitest';
import { GraphBuilder, float, makeModel } from '../../ir/builder.ts';
import { printModel } from '../../ir/text/print.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseConvBn } from './fuse-conv-bn.ts';

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

  it('keeps the bundled CNN equal to the original in onnxruntime', async () => {
    const c = bundledModels().find((m) => m.id === 'cnn')!;
    const model = loadModel(c.path);
    const { model: out, changes } = fuseConvBn.run(model);
    expect(out.graph.nodes.filter((n) => n.opType === 'BatchNormalization')).toHaveLength(0);
    expect(changes.explanations).toHaveLength(4);
    await expectSameOutputs(model, out, c, { relL2: 1e-5 });
  });
});
