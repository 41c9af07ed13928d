// Every step of the last pipeline run: pass, node delta, time, rewrites, near misses and its
// numeric check. Click a step, or use ←/→ and Home/End.
import { useEffect, useRef } from 'react';
import { changed } from '../../passes/pass.ts';
import { formatMs, plural } from '../format/values.ts';
import { useKiln } from '../store/store.ts';
import { CheckBadge } from './CheckBadge.tsx';
import { visibleViews } from './step-nav.ts';
import { useStepKeys } from './use-step-keys.ts';

export function StepList() {
  useStepKeys();
  const steps = useKiln((s) => s.steps);
  const view = useKiln((s) => s.view);
  const original = useKiln((s) => s.document?.model);
  const hide = useKiln((s) => s.hideUnchanged);
  const checks = useKiln((s) => s.checks);
  const { showStep, setHideUnchanged } = useKiln.getState();
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    list.current?.querySelector('[aria-current="step"]')?.scrollIntoView({ block: 'nearest' });
  }, [view]);

  if (!original || steps.length === 0) return null;
  const shown = new Set(visibleViews(steps, hide));
  const unchanged = steps.filter((s) => !changed(s.changes)).length;
  return (
    <section className="steps panel" data-testid="step-list" data-view={view}>
      <header className="panel__title">
        Steps <span className="muted">← → to step · Home / End</span>
      </header>
      <label className="steps__toggle">
        <input type="checkbox" data-testid="hide-unchanged" checked={hide} onChange={(e) => setHideUnchanged(e.target.checked)} />
        Hide steps that changed nothing{unchanged > 0 ? ` (${unchanged})` : ''}
      </label>
      <ol className="steps__list" ref={list}>
        <li>
          <button type="button" className="step" data-testid="step-row" data-view={0} data-node-count={original.graph.nodes.length} aria-current={view === 0 ? 'step' : undefined} onClick={() => showStep(0)}>
            <span className="step__index">0</span>
            <span className="step__title">Original</span>
            <span className="step__facts">{plural(original.graph.nodes.length, 'node')}</span>
          </button>
        </li>
        {steps.map((s, i) => {
          const k = i + 1;
          if (!shown.has(k)) return null;
          const before = (i === 0 ? original : steps[i - 1]!.model).graph.nodes.length;
          const delta = s.model.graph.nodes.length - before;
          return (
            <li key={k}>
              <button type="button" className={`step${changed(s.changes) ? '' : ' step--idle'}`} data-testid="step-row" data-view={k} data-pass-id={s.passId} data-node-count={s.model.graph.nodes.length} aria-current={view === k ? 'step' : undefined} onClick={() => showStep(k)}>
                <span className="step__index">{k}</span>
                <span className="step__title" title={s.passId}>{s.title}</span>
                <CheckBadge check={checks[k]} />
                <span className="step__facts">
                  <span className={delta < 0 ? 'mark--removed' : delta > 0 ? 'mark--added' : ''}>{delta > 0 ? `+${delta}` : delta === 0 ? '±0' : `−${-delta}`}</span>
                  {' · '}
                  {formatMs(s.ms)} · {plural(s.changes.explanations.length, 'rewrite')}
                  {s.changes.nearMisses.length > 0 && ` · ${plural(s.changes.nearMisses.length, 'near miss', 'near misses')}`}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
