// Runs passes one after another. Every intermediate model is kept (they share all unchanged
// nodes and weights), so the app can step back and forth through them.
import type { Model } from '../ir/types.ts';
import type { Pass, PassContext, PassResult } from './pass.ts';

export interface PipelineStep {
  readonly pass: Pass;
  readonly result: PassResult;
  /** Wall time of the pass in milliseconds. */
  readonly ms: number;
}

export function runPipeline(model: Model, passes: readonly Pass[], ctx: PassContext = {}): PipelineStep[] {
  const steps: PipelineStep[] = [];
  let current = model;
  for (const pass of passes) {
    const t0 = performance.now();
    const result = pass.run(current, ctx);
    const ms = performance.now() - t0;
    ctx.log?.(`${pass.id}: ${result.changes.explanations.length} changes, ${result.changes.nearMisses.length} near misses, ${ms.toFixed(1)} ms`);
    steps.push({ pass, result, ms });
    current = result.model;
  }
  return steps;
}

/** The model after the last step (the input model when there are no steps). */
export function finalModel(model: Model, steps: readonly PipelineStep[]): Model {
  return steps.length ? steps[steps.length - 1]!.result.model : model;
}
