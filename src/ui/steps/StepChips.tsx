// Step navigation on the canvas: back, forward and run-to-end buttons, the same moves as ←/→/End.
import { useKiln } from '../store/store.ts';
import { viewAfterKey, visibleViews, type StepKey } from './step-nav.ts';

export function StepChips() {
  const steps = useKiln((s) => s.steps);
  const view = useKiln((s) => s.view);
  const hide = useKiln((s) => s.hideUnchanged);
  if (steps.length === 0) return null;
  const views = visibleViews(steps, hide);
  const go = (key: StepKey) => useKiln.getState().showStep(viewAfterKey(key, view, views));
  const title = view === 0 ? 'Original' : steps[view - 1]!.title;
  return (
    <div className="step-nav" data-testid="step-nav">
      <button type="button" className="icon-btn" aria-label="Original (Home)" disabled={view === views[0]} onClick={() => go('Home')}>«</button>
      <button type="button" className="icon-btn" aria-label="Previous step (←)" disabled={view === views[0]} onClick={() => go('ArrowLeft')}>‹</button>
      <span className="step-nav__label">
        {view === 0 ? 'Original' : `Step ${view} of ${steps.length}`} <span className="muted">{view > 0 && title}</span>
      </span>
      <button type="button" className="icon-btn" aria-label="Next step (→)" disabled={view === views[views.length - 1]} onClick={() => go('ArrowRight')}>›</button>
      <button type="button" className="icon-btn" aria-label="Run to end (End)" disabled={view === views[views.length - 1]} onClick={() => go('End')}>»</button>
    </div>
  );
}
