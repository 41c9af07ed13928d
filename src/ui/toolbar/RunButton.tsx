// Compile and time the shown model on WebGPU, checked against onnxruntime-web; and Cancel, which
// stops the GPU worker while it compiles or runs (the next Run starts a fresh one).
import { cancelGpu, gpuBusy } from '../commands/cancel-gpu.ts';
import { runCurrentModel } from '../commands/run-model.ts';
import { useKiln } from '../store/store.ts';

export function RunButton() {
  const hasModel = useKiln((s) => s.document !== null);
  const running = useKiln((s) => s.run.status === 'running');
  const busy = useKiln(gpuBusy);
  return (
    <div className="toolbar__group">
      {busy && (
        <button type="button" className="btn" data-testid="cancel-button" title="Stop the GPU worker now: the compile or run in progress is dropped" onClick={cancelGpu}>
          ■ Cancel
        </button>
      )}
      <button type="button" className="btn btn--run" data-testid="run-button" disabled={!hasModel || running} onClick={() => void runCurrentModel()}>
        {running ? 'Running…' : '▶ Run on WebGPU'}
      </button>
    </div>
  );
}
