// Which presets to compare (two to four), run them, and fit every canvas at once.
import { PIPELINES } from '../../passes/pipelines.ts';
import { runCompare } from '../commands/run-compare.ts';
import { MAX_COMPARED, MIN_COMPARED } from '../store/compare-slice.ts';
import { useKiln } from '../store/store.ts';
import { fitAll } from './fit-all.ts';

export function CompareControls() {
  const presets = useKiln((s) => s.comparePresets);
  const status = useKiln((s) => s.compareStatus);
  const hasModel = useKiln((s) => s.document !== null);
  const { setComparePreset, addCompareColumn, removeCompareColumn } = useKiln.getState();
  const ids = Object.keys(PIPELINES);
  return (
    <div className="compare-controls">
      {presets.map((id, column) => (
        <span key={column} className="compare-controls__pick">
          <select data-testid="compare-preset" aria-label={`Pipeline ${column + 1}`} value={id} onChange={(e) => setComparePreset(column, e.target.value)} title={PIPELINES[id]?.description}>
            {!ids.includes(id) && <option value={id}>{id} (unavailable)</option>}
            {ids.map((p) => (
              <option key={p} value={p} title={PIPELINES[p]!.description}>{p}</option>
            ))}
          </select>
          <button type="button" className="icon-btn" aria-label={`Remove pipeline ${column + 1}`} disabled={presets.length <= MIN_COMPARED} onClick={() => removeCompareColumn(column)}>×</button>
        </span>
      ))}
      <button type="button" className="btn" data-testid="add-compare" disabled={presets.length >= MAX_COMPARED} onClick={() => addCompareColumn(ids.find((p) => !presets.includes(p)) ?? ids[0] ?? 'none')}>
        + Pipeline
      </button>
      <button type="button" className="btn btn--primary" data-testid="run-compare" disabled={!hasModel || status === 'running'} onClick={() => void runCompare()}>
        {status === 'running' ? 'Running…' : 'Compare'}
      </button>
      <button type="button" className="btn" data-testid="fit-all" onClick={fitAll} title="Fit every graph into view, with one camera">
        Fit all
      </button>
    </div>
  );
}
