// A resolved pipeline run step by step, reporting each pass as it starts. A preset with `prepare`
// runs its own passes, then `prepare` on their result (calibration runs the model it will
// quantize), then the passes `prepare` returned.
import type { Pass } from '../passes/pass.ts';
import { runPipeline } from '../passes/pipeline.ts';
import type { ModelRunnerCallback, PipelineEvent, PipelineRequest, StepPayload } from './protocol.ts';
import { describeSpec, type ResolvedPipeline } from './resolve-spec.ts';

export async function runSteps(resolved: ResolvedPipeline, request: PipelineRequest, onEvent: (e: PipelineEvent) => void, runner: ModelRunnerCallback): Promise<StepPayload[]> {
  const steps: StepPayload[] = [];
  let current = request.model;
  let total = resolved.passes.length;
  const apply = (passes: readonly Pass[]) => {
    for (const pass of passes) {
      onEvent({ kind: 'pass', index: steps.length, total, passId: pass.id, title: pass.title });
      const [step] = runPipeline(current, [pass]);
      current = step!.result.model;
      steps.push({ passId: pass.id, title: pass.title, model: current, changes: step!.result.changes, ms: step!.ms });
    }
  };
  apply(resolved.passes);
  if (resolved.prepare) {
    const samples = request.samples.length;
    onEvent({ kind: 'prepare', message: `preparing ${describeSpec(request.spec)}: running the model on ${samples} seeded input${samples === 1 ? '' : 's'}` });
    const extra = await resolved.prepare(current, { run: runner, samples: request.samples, seed: request.seed });
    total += extra.length;
    apply(extra);
  }
  return steps;
}
