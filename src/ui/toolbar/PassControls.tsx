// The pass button and its undo.
import { CLEANUP_TITLE, runCleanup } from '../commands/run-cleanup.ts';
import { useKiln } from '../store/store.ts';

export function PassControls() {
  const hasModel = useKiln((s) => s.document !== null);
  const passStatus = useKiln((s) => s.passStatus);
  const applied = useKiln((s) => s.steps.length > 0);
  const undo = useKiln((s) => s.undoPasses);
  return (
    <div className="toolbar__group">
      <button
        type="button"
        className="btn btn--primary"
        data-testid="pass-button"
        disabled={!hasModel || passStatus === 'running' || applied}
        title={applied ? 'Already applied: undo to run it again' : 'Run the cleanup pipeline: fold-constants, then eliminate-dead-code'}
        onClick={() => void runCleanup()}
      >
        {passStatus === 'running' ? 'Running…' : CLEANUP_TITLE}
      </button>
      <button type="button" className="btn" data-testid="undo-button" disabled={!applied} onClick={undo} title="Back to the model as opened">
        Undo
      </button>
    </div>
  );
}
