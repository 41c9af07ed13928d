// to-nhwc followed by sink-transposes on real models: the result runs in onnxruntime and matches
// the original, and the Transposes left are bounded by the NHWC regions' boundary crossings.
import { describe, expect, it } from 'vitest';
import type { Model } from '../../ir/types.ts';
import { bundledModels, lightModels, loadModel, type ModelCase } from '../../test-support/models.ts';
import { expectSameOutputs } from '../testing/support.ts';
import { constantDerived, nhwcRegions } from './nhwc-regions.ts';
import { sinkTransposes } from './sink-transposes.ts';
import { toNhwc } from './to-nhwc.ts';

const transposes = (m: Model) => m.graph.nodes.filter((n) => n.opType === 'Transpose');

/**
 * The most Transposes a good transpose optimization leaves: one per activation crossing an NHWC
 * region's boundary, plus the model's own Transposes of activations outside any region (a
 * channel shuffle, say). Weight reorders are not counted: they must all fold.
 */
function transposeBound(converted: Model): { bound: number; regions: number } {
  const regions = nhwcRegions(converted);
  const members = new Set(regions.flatMap((r) => r.nodes));
  const constant = constantDerived(converted);
  const own = transposes(converted).filter((t) => !members.has(t.id) && !constant.has(t.inputs[0]!)).length;
  return { bound: regions.reduce((s, r) => s + r.entries.length + r.exits.length, own), regions: regions.length };
}

const cases: ModelCase[] = [
  ...bundledModels().filter((c) => ['cnn', 'paddleocr-cls', 'paddleocr-det'].includes(c.id)),
  ...lightModels().filter((c) => ['light_resnet50', 'light_squeezenet', 'light_shufflenet', 'light_inception_v1'].includes(c.id)),
];

describe('to-nhwc + sink-transposes on real models', () => {
  for (const c of cases) {
    it(`${c.id}: matches onnxruntime and leaves at most one Transpose per region boundary crossing`, async () => {
      const original = loadModel(c.path);
      const converted = toNhwc.run(original).model;
      const { model: optimized, changes } = sinkTransposes.run(converted);
      const { bound, regions } = transposeBound(converted);
      expect(regions).toBeGreaterThan(0);
      expect(transposes(optimized).length, `${transposes(converted).length} Transposes after to-nhwc`).toBeLessThanOrEqual(bound);
      // Every reorder of a weight computed from constants folds away.
      const constant = constantDerived(optimized);
      expect(transposes(optimized).filter((t) => constant.has(t.inputs[0]!))).toEqual([]);
      expect(changes.explanations.length).toBeGreaterThan(0);
      await expectSameOutputs(original, converted, c, { relL2: 1e-4 });
      await expectSameOutputs(original, optimized, c, { relL2: 1e-4 });
    });
  }
});
