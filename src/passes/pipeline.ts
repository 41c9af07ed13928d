// STUB (being replaced by the passes work). Signature fixed.
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
    steps.push({ pass, result, ms: performance.now() - t0 });
    current = result.model;
  }
  return steps;
}
