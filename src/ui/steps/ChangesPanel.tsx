// What the last pass did: counts, the explanation per rewrite (click to select its nodes), and
// the nodes removed (they are gone from the canvas, so they are listed here).
import { plural } from '../format/values.ts';
import { currentHighlights } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { StepChips } from './StepChips.tsx';

export function ChangesPanel() {
  const passStatus = useKiln((s) => s.passStatus);
  const passMessage = useKiln((s) => s.passMessage);
  const highlights = useKiln(currentHighlights);
  const select = useKiln((s) => s.select);
  return (
    <section className="changes panel" data-testid="pass-panel" data-status={passStatus}>
      <header className="panel__title">Passes</header>
      {passStatus === 'ready' && <p className="muted">Run a pass from the toolbar to see what it changes, step by step.</p>}
      {passStatus === 'running' && <p className="muted">Running the cleanup pipeline…</p>}
      {passMessage && <p className={passStatus === 'error' ? 'panel__error' : 'panel__note'} data-testid="pass-message">{passMessage}</p>}
      <StepChips />
      {highlights && (
        <>
          <p className="changes__summary" data-testid="change-summary">
            <span className="mark mark--removed">−{highlights.removed.length} removed</span>
            <span className="mark mark--added">+{highlights.added.size} added</span>
            <span className="mark mark--rewired">{highlights.rewired.size} rewired</span>
            {highlights.newWeightReaders.size > 0 && <span className="mark mark--weights">{highlights.newWeightReaders.size} read new weights</span>}
          </p>
          {highlights.explanations.length > 0 && (
            <>
              <h3>{plural(highlights.explanations.length, 'rewrite')}</h3>
              <ol className="explanations" data-testid="explanations">
                {highlights.explanations.map((e, i) => (
                  <li key={i}>
                    <button type="button" className="explanation" onClick={() => select([...e.produced, ...e.matched], { focus: true })}>
                      <span className="explanation__rule mono">{e.rule}</span>
                      <span className="explanation__text">{e.message}</span>
                    </button>
                  </li>
                ))}
              </ol>
            </>
          )}
          {highlights.removed.length > 0 && (
            <>
              <h3>Removed</h3>
              <ul className="removed" data-testid="removed-nodes">
                {highlights.removed.map((n) => (
                  <li key={n.id} className="mono">
                    <span className="removed__op">{n.opType}</span> {n.id}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
