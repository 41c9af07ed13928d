// Compile and time the shown model on WebGPU, checked against onnxruntime-web.
import { runCurrentModel } from '../commands/run-model.ts';
import { useKiln } from '../store/store.ts';

export function RunButton() {
  const hasModel = useKiln((s) => s.document !== null);
  const running = useKiln((s) => s.run.status === 'running');
  return (
    <button type="button" className="btn btn--run" data-testid="run-button" disabled={!hasModel || running} onClick={() => void runCurrentModel()}>
      {running ? 'Running…' : '▶ Run on WebGPU'}
    </button>
  );
}
