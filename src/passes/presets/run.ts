// Runs a pipeline definition end to end: its passes, then — for a pipeline with `prepare` (int8
// calibration) — `prepare` on their result and the passes it returns. Browser-safe: the model
// runner comes in through `env` (onnxruntime-node in the CLI, onnxruntime-web in the app).
import { InputError } from '../../ir/errors.ts';
import type { Model } from '../../ir/types.ts';
import type { PassContext } from '../pass.ts';
import { finalModel, runPipeline, type PipelineStep } from '../pipeline.ts';
import type { PipelineDef, PrepareEnv } from '../pipelines.ts';

export interface PipelineRun {
  readonly steps: readonly PipelineStep[];
  /** The model after the last step. */
  readonly model: Model;
  /** Wall time of `prepare` (calibration) in milliseconds; 0 without it. */
  readonly prepareMs: number;
}

export async function runPipelineDef(model: Model, def: Pick<PipelineDef, 'passes' | 'prepare'>, env?: PrepareEnv, ctx: PassContext = {}): Promise<PipelineRun> {
  const first = runPipeline(model, def.passes, ctx);
  if (!def.prepare) return { steps: first, model: finalModel(model, first), prepareMs: 0 };
  if (!env) throw new InputError('this pipeline calibrates on sample inputs, so it needs a model runner');
  const prepared = finalModel(model, first);
  const t0 = performance.now();
  const extra = await def.prepare(prepared, env);
  const prepareMs = performance.now() - t0;
  const rest = runPipeline(prepared, extra, ctx);
  const steps = [...first, ...rest];
  return { steps, model: finalModel(model, steps), prepareMs };
}
