// Runs pass pipelines off the main thread, so folding the constants of a large model never
// freezes the page. Models cross by structured clone; weights stay shared within one message.
import { expose } from 'comlink';
import { InputError } from '../ir/errors.ts';
import type { Model } from '../ir/types.ts';
import { runPipeline } from '../passes/pipeline.ts';
import { PIPELINES } from '../passes/pipelines.ts';
import type { PassesApi, StepPayload } from './protocol.ts';

const api: PassesApi = {
  async runPipeline(model: Model, pipelineId: string): Promise<StepPayload[]> {
    const pipeline = PIPELINES[pipelineId];
    if (!pipeline) {
      throw new InputError(`the '${pipelineId}' pipeline is not available yet (known: ${Object.keys(PIPELINES).join(', ')})`);
    }
    return runPipeline(model, pipeline.passes).map((step) => ({
      passId: step.pass.id,
      title: step.pass.title,
      model: step.result.model,
      changes: step.result.changes,
      ms: step.ms,
    }));
  },
};

expose(api);
