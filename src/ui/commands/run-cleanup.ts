// The pass button: runs the cleanup pipeline on the loaded model in the passes worker.
import { changed } from '../../passes/pass.ts';
import { passesWorker } from '../../workers/client.ts';
import { useKiln } from '../store/store.ts';
import { describeError } from './describe-error.ts';

export const CLEANUP_PIPELINE = 'cleanup';
export const CLEANUP_TITLE = 'Fold constants + remove dead code';

export async function runCleanup(): Promise<void> {
  const { document, passStatus, passStarted } = useKiln.getState();
  if (!document || passStatus === 'running') return;
  passStarted();
  try {
    const steps = await passesWorker().runPipeline(document.model, CLEANUP_PIPELINE);
    if (useKiln.getState().document !== document) return; // another model was opened meanwhile
    if (!steps.some((s) => changed(s.changes))) {
      const names = steps.map((s) => s.passId).join(' and ') || 'the pipeline';
      useKiln.getState().passFinished([], `No changes: ${names} found nothing to rewrite in this model.`);
      return;
    }
    useKiln.getState().passFinished(steps, null);
  } catch (e) {
    if (useKiln.getState().document !== document) return;
    useKiln.getState().passFailed(describeError(e, 'The cleanup pipeline failed'));
  }
}
