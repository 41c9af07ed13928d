// Test support for fusion passes: bundled models as the cleanup pipeline leaves them (constant
// shape chains folded), which is the form fusion passes see in the framework pipelines.
import { inferShapes } from '../../../ir/infer/infer-shapes.ts';
import type { Model } from '../../../ir/types.ts';
import { bundledModels, loadModel, type ModelCase } from '../../../test-support/models.ts';
import { finalModel, runPipeline } from '../../pipeline.ts';
import { PIPELINES } from '../../pipelines.ts';
import type { Pass } from '../../pass.ts';

export function cleanedBundled(id: string): { c: ModelCase; model: Model } {
  const c = bundledModels().find((m) => m.id === id);
  if (!c) throw new Error(`no bundled model '${id}'`);
  const original = loadModel(c.path);
  return { c, model: finalModel(original, runPipeline(original, PIPELINES.cleanup!.passes)) };
}

/** How many nodes of each op type a model has (`com.microsoft.FusedConv` for other domains). */
export function opCounts(model: Model): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of model.graph.nodes) {
    const key = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Runs passes one after another; returns the last model. */
export function runPasses(model: Model, passes: readonly Pass[]): Model {
  return finalModel(model, runPipeline(model, passes));
}

/**
 * The model with `values` as its graph outputs. PaddleOCR-det ends in a Sigmoid that random
 * inputs saturate near 0, where a relative error says nothing; its input is the value to compare.
 */
export function withOutputs(model: Model, values: readonly string[]): Model {
  const types = inferShapes(model).types;
  const outputs = values.map((name) => ({ name, type: types.get(name) }));
  return { ...model, graph: { ...model.graph, outputs } };
}

/** The input of PaddleOCR-det's final Sigmoid (see withOutputs). */
export const DET_LOGITS = 'p2o.Add.281';
