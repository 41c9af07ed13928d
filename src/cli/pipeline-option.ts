// Resolves --pipeline (a named pipeline, `kiln pipelines`, or a comma list of pass ids) and runs
// it. A pipeline with a calibration step (int8) runs the model on --calibration DIR's samples or
// on seeded random inputs, through onnxruntime-node.
import type { Model } from '../ir/types.ts';
import type { PassContext } from '../passes/pass.ts';
import { runPipelineDef, type PipelineRun } from '../passes/presets/run.ts';
import { namedPipeline, type NamedPipeline } from '../passes/verify/verify-pipeline.ts';
import { calibrationSamples, type CalibrationSource } from './calibration.ts';
import { ortRunner } from './ort-runner.ts';

export function resolvePipelineOption(name: string | undefined): NamedPipeline {
  return namedPipeline((name ?? 'none').trim());
}

export interface PipelineRunInfo extends PipelineRun {
  /** Calibration samples used (0 for pipelines without a calibration step). */
  readonly calibrationSamples: number;
}

export async function runPipelineOption(model: Model, pipeline: NamedPipeline, calibration: CalibrationSource, ctx: PassContext = {}): Promise<PipelineRunInfo> {
  if (!pipeline.def.prepare) return { ...(await runPipelineDef(model, pipeline.def, undefined, ctx)), calibrationSamples: 0 };
  const samples = calibrationSamples(model, calibration);
  const runner = ortRunner();
  try {
    const result = await runPipelineDef(model, pipeline.def, { run: runner.run, samples, seed: calibration.seed }, ctx);
    return { ...result, calibrationSamples: samples.length };
  } finally {
    await runner.release();
  }
}
