// What the shown step did: counts, one explanation per rewrite (click: select and reveal its
// nodes), the near misses ("why wasn't this fused?"), and the nodes it removed.
import { plural } from '../format/values.ts';
import { currentHighlights, currentStep } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { NearMisses } from './NearMisses.tsx';

export function ChangesPanel() {
  const step = useKiln(currentStep);
  const view = useKiln((s) => s.view);
  const highlights = useKiln(currentHighlights);
  const select = useKiln((s) => s.select);
  if (!step || !highlights) return null;
  return (
    <section className="changes panel" data-testid="step-changes" data-view={view}>
      <header className="panel__title">
        Step {view} <span className="muted">{step.title}</span>
      </header>
      <p className="changes__summary" data-testid="change-summary" data-removed={highlights.removed.length} data-added={highlights.added.size} data-rewired={highlights.rewired.size}>
        <span className="mark mark--removed">−{highlights.removed.length} removed</span>
        <span className="mark mark--added">+{highlights.added.size} added</span>
        <span className="mark mark--rewired">{highlights.rewired.size} rewired</span>
        {highlights.newWeightReaders.size > 0 && <span className="mark mark--weights">{highlights.newWeightReaders.size} read new weights</span>}
      </p>
      {highlights.explanations.length === 0 && <p className="muted">This step rewrote nothing.</p>}
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
      <NearMisses nearMisses={step.changes.nearMisses} />
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
    </section>
  );
}
