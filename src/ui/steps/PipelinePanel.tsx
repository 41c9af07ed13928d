// The pipeline panel: pick a preset or compose passes, run it in the passes worker, undo it.
import { runComposedPipeline } from '../commands/run-pipeline.ts';
import { useKiln } from '../store/store.ts';
import { PassLibrary } from './PassLibrary.tsx';
import { PassList } from './PassList.tsx';
import { PresetPicker } from './PresetPicker.tsx';

export function PipelinePanel() {
  const mode = useKiln((s) => s.pipelineMode);
  const setMode = useKiln((s) => s.setPipelineMode);
  const hasModel = useKiln((s) => s.document !== null);
  const passStatus = useKiln((s) => s.passStatus);
  const progress = useKiln((s) => s.passProgress);
  const message = useKiln((s) => s.passMessage);
  const applied = useKiln((s) => s.steps.length > 0);
  const undo = useKiln((s) => s.undoPasses);
  const running = passStatus === 'running';
  return (
    <section className="pipeline panel" data-testid="pass-panel" data-status={passStatus}>
      <header className="panel__title">Pipeline</header>
      <div className="tabs" role="tablist" aria-label="Pipeline source">
        {(['preset', 'custom'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={`tab${mode === m ? ' tab--on' : ''}`} data-testid={`mode-${m}`} onClick={() => setMode(m)}>
            {m === 'preset' ? 'Preset' : 'Custom'}
          </button>
        ))}
      </div>
      {mode === 'preset' ? (
        <PresetPicker />
      ) : (
        <>
          <PassList />
          <PassLibrary />
        </>
      )}
      <div className="pipeline__actions">
        <button type="button" className="btn btn--primary" data-testid="run-pipeline" disabled={!hasModel || running} onClick={() => void runComposedPipeline()}>
          {running ? 'Running…' : 'Run pipeline'}
        </button>
        <button type="button" className="btn" data-testid="undo-button" disabled={!applied || running} onClick={undo} title="Back to the model as opened">
          Reset
        </button>
      </div>
      {running && (
        <p className="pipeline__progress" data-testid="pipeline-progress">
          <span className="spinner" /> {progress ?? 'Starting…'}
        </p>
      )}
      {message && <p className={passStatus === 'error' ? 'panel__error' : 'panel__note'} data-testid="pass-message">{message}</p>}
    </section>
  );
}
