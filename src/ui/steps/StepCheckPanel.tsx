// The shown step's numeric check, beside the text: its model on onnxruntime-web against the
// original's outputs on the same seeded inputs.
import { formatMs } from '../format/values.ts';
import { useKiln } from '../store/store.ts';
import { formatRelL2 } from './CheckBadge.tsx';

export function StepCheckPanel() {
  const view = useKiln((s) => s.view);
  const check = useKiln((s) => (s.view > 0 ? s.checks[s.view] : undefined));
  const hasSteps = useKiln((s) => s.steps.length > 0);
  const status = view === 0 || !check ? 'ready' : check.status;
  return (
    <section className="step-check panel" data-testid="numeric-check" data-status={status} data-view={view}>
      <header className="panel__title">Numeric check</header>
      {!hasSteps && <p className="muted">Run a pipeline: each step's model is run on onnxruntime-web and compared with the original's outputs.</p>}
      {hasSteps && view === 0 && <p className="muted">The original is the reference. Pick a step to see how far its outputs moved.</p>}
      {view > 0 && !check && <p className="muted">Queued…</p>}
      {check?.status === 'running' && <p className="muted">checking…</p>}
      {check?.status === 'error' && <p className="panel__error">{check.message}</p>}
      {check?.status === 'done' && (
        <div className={`verdict verdict--${check.pass ? 'ok' : 'bad'}`} data-testid="check-verdict" data-pass={check.pass}>
          <span>{check.pass ? 'pass' : 'fail'}</span>
          <span className="verdict__detail">
            rel L2 <span data-testid="check-rel-l2">{formatRelL2(check.relL2)}</span> {check.pass ? '≤' : '>'} {check.tolerance.toExponential(0)}
          </span>
        </div>
      )}
      {check?.status === 'done' && (
        <p className="muted step-check__note">
          Max over outputs, vs the original on the same seeded inputs (onnxruntime-web, {formatMs(check.ms)}).
          {check.problem && ` ${check.problem}.`}
        </p>
      )}
    </section>
  );
}
