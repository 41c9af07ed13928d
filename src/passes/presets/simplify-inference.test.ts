// simplify-inference: BatchNormalization becomes Mul + Add by per-channel constants (fires, with
// its explanation), declines with its reasons, and the result equals the original in onnxruntime.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, float, makeModel } from '../../ir/builder.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { fuseConvBn } from '../fusion/fuse-conv-bn.ts';
import { finalModel, runPipeline } from '../pipeline.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { simplifyInference } from './simplify-inference.ts';

function bnModel(shape: (number | string)[] | undefined, attrs: Record<string, ReturnType<typeof float> | number> = {}): Model {
  const w = new WeightFactory(12);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', shape);
  const params = ['g', 'be', 'm', 'v'].map((n) => b.initializer(w.uniform(n, [4], 0.5, 1.5)));
  b.output(b.node('BatchNormalization', [x, ...params], { name: 'bn', attrs: { epsilon: float(1e-3), ...attrs }, outputs: ['y'] }), 'float32');
  return makeModel(b.build());
}

describe('simplify-inference', () => {
  it('rewrites BatchNormalization as Mul and Add by [C,1,1] constants and explains it', async () => {
    const model = deepFreeze(bnModel([1, 4, 5, 5]));
    const { model: out, changes } = simplifyInference.run(model);
    expect(out.graph.nodes.map((n) => `${n.opType} ${n.id}`)).toEqual(['Mul bn/scale', 'Add bn/shift']);
    const scale = out.graph.initializers.find((t) => t.name === out.graph.nodes[0]!.inputs[1])!;
    expect(scale.dims).toEqual([4, 1, 1]);
    const [g, v] = ['g', 'v'].map((n) => tensorToNumbers(model.graph.initializers.find((t) => t.name === n)!));
    expect(tensorToNumbers(scale)[0]).toBeCloseTo(g![0]! / Math.sqrt(v![0]! + 1e-3), 6);
    expect(changes.explanations.map((e) => e.message)).toEqual(['rewrote BatchNormalization bn as Mul by k = γ/√(σ²+ε) and Add of t = β − μ·k, 4 channels shaped [4,1,1] (ε=0.001)']);
    await expectSameOutputs(model, out, {}, { relL2: 1e-6 });
  });

  it('shapes the constants for a [N, C] input and keeps outputs equal', async () => {
    const model = bnModel([3, 4]);
    const out = simplifyInference.run(model).model;
    expect(out.graph.initializers.filter((t) => t.name.startsWith('bn_')).map((t) => t.dims)).toEqual([[4], [4]]);
    await expectSameOutputs(model, out, {}, { relL2: 1e-6 });
  });

  it('declines training mode and an input of unknown rank, saying why', () => {
    const training = simplifyInference.run(bnModel([1, 4, 5, 5], { training_mode: 1 }));
    expect(training.changes.nearMisses.map((n) => n.reason)).toEqual(['BatchNormalization is in training mode']);
    const unranked = simplifyInference.run(bnModel(undefined));
    expect(unranked.changes.nearMisses.map((n) => n.reason)).toEqual(['the rank of x is unknown, so the per-channel constants cannot be shaped to broadcast over it']);
  });

  it('with fuse-conv-bn after it, leaves no BatchNormalization, Mul or Add in the CNN (TVM SimplifyInference + FoldScaleAxis)', async () => {
    const c = bundledModels().find((m) => m.id === 'cnn')!;
    const model = loadModel(c.path);
    const simplified = simplifyInference.run(model);
    expect(simplified.changes.explanations).toHaveLength(model.graph.nodes.filter((n) => n.opType === 'BatchNormalization').length);
    const folded = finalModel(model, runPipeline(model, [simplifyInference, fuseConvBn]));
    expect(folded.graph.nodes.filter((n) => ['BatchNormalization', 'Mul'].includes(n.opType))).toEqual([]);
    await expectSameOutputs(model, folded, c, { relL2: 1e-5 });
  });
});
