// A step's numeric check at a glance: checking…, ✓ / ✗ with the rel L2, or an error.
import type { StepCheck } from '../store/checks-slice.ts';

export function formatRelL2(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  return x === 0 ? '0' : x.toExponential(1);
}

export function CheckBadge({ check }: { check: StepCheck | undefined }) {
  if (!check) return <span className="badge badge--idle" data-testid="step-check" data-status="ready">queued</span>;
  if (check.status === 'running') return <span className="badge badge--idle" data-testid="step-check" data-status="running">checking…</span>;
  if (check.status === 'error') return <span className="badge badge--bad" data-testid="step-check" data-status="error" title={check.message}>error</span>;
  return (
    <span className={`badge badge--${check.pass ? 'ok' : 'bad'}`} data-testid="step-check" data-status="done" data-pass={check.pass} data-rel-l2={check.relL2} title={`rel L2 ${formatRelL2(check.relL2)} vs the original (bound ${check.tolerance.toExponential(0)})${check.problem ? `: ${check.problem}` : ''}`}>
      {check.pass ? '✓' : '✗'} {formatRelL2(check.relL2)}
    </span>
  );
}
