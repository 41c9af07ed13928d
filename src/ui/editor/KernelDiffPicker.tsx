// Which pipeline the WGSL pane compares the kernel with: any preset, applied to the opened model
// and planned (not run) in the GPU worker.
import { PIPELINES } from '../../passes/pipelines.ts';
import { useKiln } from '../store/store.ts';

export function KernelDiffPicker() {
  const preset = useKiln((s) => s.otherPreset);
  const other = useKiln((s) => s.otherPlan);
  const busy = other?.preset === preset && other.status === 'running';
  return (
    <label className="kernel-pane__diff-picker" title="Compile the opened model after another pipeline (without running it) and diff this node's kernel against that one">
      <span className="muted">Diff vs</span>
      <select data-testid="kernel-diff-preset" value={preset} onChange={(e) => useKiln.getState().setOtherPreset(e.target.value)}>
        <option value="">no pipeline</option>
        {Object.entries(PIPELINES).map(([id, p]) => (
          <option key={id} value={id} title={p.description}>
            {id}
          </option>
        ))}
      </select>
      {busy && <span className="spinner" aria-label={`Planning the '${preset}' pipeline`} />}
    </label>
  );
}
