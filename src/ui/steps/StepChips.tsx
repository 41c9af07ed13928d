// Pass-by-pass navigation: the original, the model after each pass, and the result with all changes.
import { changed } from '../../passes/pass.ts';
import type { StepView } from '../store/steps-slice.ts';
import { useKiln } from '../store/store.ts';

export function StepChips() {
  const steps = useKiln((s) => s.steps);
  const view = useKiln((s) => s.view);
  const showStep = useKiln((s) => s.showStep);
  if (steps.length === 0) return null;
  const chip = (v: StepView, label: string, note?: string) => (
    <button type="button" key={String(v)} className={`chip${view === v ? ' chip--on' : ''}`} aria-pressed={view === v} onClick={() => showStep(v)}>
      {label}
      {note && <span className="chip__note">{note}</span>}
    </button>
  );
  return (
    <div className="chips" data-testid="step-chips">
      {chip('original', 'Original')}
      {steps.map((s, i) => chip(i, s.passId, changed(s.changes) ? `${s.ms.toFixed(0)} ms` : 'no change'))}
      {chip('result', 'All changes')}
    </div>
  );
}
