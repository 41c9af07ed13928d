// Pipelines: named lists and comma lists of pass ids, every step kept with structural sharing,
// and the cleanup pipeline never makes a model bigger.
import { describe, expect, it } from 'vitest';
import { isInputError } from '../ir/errors.ts';
import { exportModel } from '../ir/onnx/export.ts';
import { bundledModels, lightModels, loadModel } from '../test-support/models.ts';
import { finalModel, runPipeline } from './pipeline.ts';
import { PIPELINES } from './pipelines.ts';
import { PASSES, resolvePipeline } from './registry.ts';

describe('pipelines', () => {
  it('names none and cleanup, and resolves names and comma lists of pass ids', () => {
    expect(PIPELINES.none!.passes).toEqual([]);
    expect(PIPELINES.cleanup!.passes.map((p) => p.id)).toEqual(['fold-constants', 'eliminate-dead-code']);
    expect(Object.keys(PASSES)).toEqual(expect.arrayContaining(['fold-constants', 'eliminate-dead-code']));
    for (const [id, pass] of Object.entries(PASSES)) expect(pass.id).toBe(id);
    expect(resolvePipeline('cleanup')).toEqual(PIPELINES.cleanup!.passes);
    expect(resolvePipeline(' eliminate-dead-code, fold-constants ').map((p) => p.id)).toEqual(['eliminate-dead-code', 'fold-constants']);
  });

  it('rejects an unknown pass with one line naming what exists', () => {
    let error: unknown;
    try {
      resolvePipeline('fold-constants,fuse-everything');
    } catch (e) {
      error = e;
    }
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toBe(`unknown pass or pipeline 'fuse-everything'; pipelines: ${Object.keys(PIPELINES).join(', ')}; passes: ${Object.keys(PASSES).join(', ')}`);
    expect((error as Error).message).not.toContain('\n');
  });

  it('keeps every intermediate model, sharing what a step did not change', () => {
    const model = loadModel(bundledModels().find((c) => c.id === 'mlp')!.path);
    const steps = runPipeline(model, resolvePipeline('cleanup'));
    expect(steps.map((s) => s.pass.id)).toEqual(['fold-constants', 'eliminate-dead-code']);
    expect(steps.every((s) => s.ms >= 0)).toBe(true);
    const [fold, dce] = [steps[0]!.result.model, steps[1]!.result.model];
    expect(fold.graph.nodes.some((n) => n.id === 'fc2/weight_t')).toBe(true);
    expect(dce.graph.nodes.some((n) => n.id === 'fc2/weight_t')).toBe(false);
    expect(dce.graph.nodes[0]).toBe(model.graph.nodes[0]);
    expect(finalModel(model, steps)).toBe(dce);
    expect(finalModel(model, runPipeline(model, PIPELINES.none!.passes))).toBe(model);
  });

  it.each([...bundledModels(), ...lightModels()].map((c) => [c.id, c] as const))('cleanup does not grow %s', (_id, c) => {
    const model = loadModel(c.path);
    const cleaned = finalModel(model, runPipeline(model, PIPELINES.cleanup!.passes));
    expect(exportModel(cleaned).byteLength).toBeLessThanOrEqual(exportModel(model).byteLength);
  });
});
