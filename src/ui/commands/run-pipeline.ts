// Runs the composed pipeline (a preset or a custom pass list) on the opened model in the passes
// worker, reporting each stage; then the numeric checks of its steps start in the background.
import { proxy } from 'comlink';
import { changed } from '../../passes/pass.ts';
import { passesWorker } from '../../workers/client.ts';
import type { PipelineEvent, PipelineSpec } from '../../workers/protocol.ts';
import { useKiln } from '../store/store.ts';
import type { KilnState } from '../store/store.ts';
import { startChecks } from './check-steps.ts';
import { describeError } from './describe-error.ts';
import { calibrationSamples, INPUT_SEED, referenceRunner } from './model-inputs.ts';

/** The pipeline the panel describes, or a reason it cannot run. */
export function composedSpec(s: Pick<KilnState, 'pipelineMode' | 'presetId' | 'customPassIds'>): PipelineSpec | string {
  if (s.pipelineMode === 'preset') return s.presetId ? { kind: 'preset', id: s.presetId } : 'Choose a preset first.';
  return s.customPassIds.length ? { kind: 'custom', passIds: [...s.customPassIds] } : 'Add at least one pass to the custom pipeline.';
}

export async function runComposedPipeline(): Promise<void> {
  const start = useKiln.getState();
  const doc = start.document;
  if (!doc || start.passStatus === 'running') return;
  const spec = composedSpec(start);
  if (typeof spec === 'string') {
    start.passFailed(spec);
    return;
  }
  start.passStarted();
  const current = () => useKiln.getState().document === doc;
  const onEvent = (e: PipelineEvent) => {
    if (!current() || useKiln.getState().passStatus !== 'running') return;
    useKiln.getState().passProgressed(e.kind === 'prepare' ? e.message : `${e.title} (${e.index + 1} of ${e.total})`);
  };
  try {
    const request = { model: doc.model, spec, samples: calibrationSamples(doc), seed: INPUT_SEED };
    const steps = await passesWorker().runPipeline(request, proxy(onEvent), proxy(referenceRunner));
    if (!current()) return; // another model was opened meanwhile
    const message = steps.length === 0 ? 'This pipeline has no passes.' : steps.some((s) => changed(s.changes)) ? null : `No changes: ${steps.map((s) => s.passId).join(', ')} found nothing to rewrite in this model.`;
    useKiln.getState().passFinished(steps, spec, message);
    startChecks();
  } catch (e) {
    if (!current()) return;
    useKiln.getState().passFailed(describeError(e, 'The pipeline failed'));
  }
}
