// The run's headline figures: median latency and where the time comes from, plan memory against
// its lower bound, kernel count and compile time, and the oracle's verdict.
import { formatBytes, formatMs } from '../format/values.ts';
import type { RunState } from '../store/run-slice.ts';
import { median, type OutputCheck } from './check-outputs.ts';

export function Verdict({ check, referenceMs }: { check: OutputCheck; referenceMs: number | undefined }) {
  const err = Number.isFinite(check.maxRelL2) ? check.maxRelL2.toExponential(2) : '∞';
  return (
    <p className={`verdict verdict--${check.match ? 'ok' : 'bad'}`} data-testid="verdict" data-match={check.match}>
      {check.match ? 'outputs match onnxruntime-web' : 'outputs differ from onnxruntime-web'}
      <span className="verdict__detail">
        max rel L2 {err} {check.match ? '≤' : '>'} {check.tolerance.toExponential(0)}
        {check.problem && ` · ${check.problem}`}
      </span>
      {referenceMs !== undefined && (
        <span className="verdict__detail muted" title="onnxruntime-web (WASM) ran the file as opened on the same seeded inputs: one cold run, not a benchmark">
          reference in {formatMs(referenceMs)}
        </span>
      )}
    </p>
  );
}

const SOURCES = { 'gpu-timestamps': 'GPU timestamps', cpu: 'CPU clock (no timestamp-query)' } as const;

export function RunFigures({ run }: { run: RunState }) {
  const latencies = run.latencies ?? [];
  if (latencies.length === 0 && !run.memory) return null;
  return (
    <div className="run__figures">
      {latencies.length > 0 && (
        <div className="figure" title={run.adapter ? `adapter: ${run.adapter}` : undefined}>
          <span className="figure__value" data-testid="latency-median">{formatMs(median(latencies))}</span>
          <span className="figure__label" data-testid="timing-source" data-source={run.timingSource}>
            median of {latencies.length} · {run.timingSource ? SOURCES[run.timingSource] : 'timing…'}
          </span>
        </div>
      )}
      {run.memory && (
        <div className="figure" title="Activation buffers the plan allocates; the lower bound is the most bytes live at one kernel in this order">
          <span className="figure__value" data-testid="peak-memory">{formatBytes(run.memory.peakActivationBytes)}</span>
          <span className="figure__label">
            peak activations · bound {formatBytes(run.memory.lowerBoundBytes)} · weights {formatBytes(run.memory.weightBytes)}
          </span>
        </div>
      )}
      {run.kernels !== undefined && (
        <div className="figure">
          <span className="figure__value" data-testid="kernel-count">{run.kernels}</span>
          <span className="figure__label">kernels{run.compileMs !== undefined ? ` · compiled in ${formatMs(run.compileMs)}` : ''}</span>
        </div>
      )}
      {run.check && <Verdict check={run.check} referenceMs={run.referenceMs} />}
    </div>
  );
}
