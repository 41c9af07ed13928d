// Live figures of a run: latency per run and its median, plan memory, and the oracle's verdict.
import { formatBytes, formatMs } from '../format/values.ts';
import { useKiln } from '../store/store.ts';
import { MATCH_TOLERANCE, median, type OutputCheck } from './check-outputs.ts';
import { LatencyChart } from './LatencyChart.tsx';

function Verdict({ check }: { check: OutputCheck }) {
  const err = Number.isFinite(check.maxRelL2) ? check.maxRelL2.toExponential(2) : '∞';
  return (
    <p className={`verdict verdict--${check.match ? 'ok' : 'bad'}`} data-testid="verdict" data-match={check.match}>
      {check.match ? 'outputs match onnxruntime-web' : 'outputs differ from onnxruntime-web'}
      <span className="verdict__detail">
        max rel L2 {err} {check.match ? '≤' : '>'} {MATCH_TOLERANCE.toExponential(0)}
        {check.problem && ` · ${check.problem}`}
      </span>
    </p>
  );
}

export function RunPanel() {
  const run = useKiln((s) => s.run);
  const latencies = run.latencies ?? [];
  const med = median(latencies);
  return (
    <section className="run panel" data-testid="run-panel" data-status={run.status}>
      <header className="panel__title">
        Run <span className="muted">Kiln WebGPU kernels vs onnxruntime-web (WASM)</span>
      </header>
      {run.status === 'ready' && <p className="muted">Press Run to compile the shown model to WebGPU, time 20 runs after 3 warm-ups, and check the outputs against onnxruntime-web.</p>}
      {run.phase && <p className="run__phase" data-testid="run-phase">{run.phase}…</p>}
      {run.message && <p className="panel__error" data-testid="run-message">{run.message}</p>}
      {(latencies.length > 0 || run.memory) && (
        <div className="run__figures">
          {latencies.length > 0 && (
            <div className="figure" title={run.adapter ? `adapter: ${run.adapter}` : undefined}>
              <span className="figure__value" data-testid="latency-median">{formatMs(med)}</span>
              <span className="figure__label">
                median of {latencies.length} · {run.timingSource === 'gpu-timestamps' ? 'GPU timestamps' : 'CPU clock'}
                {run.adapter && ` · ${run.adapter}`}
              </span>
            </div>
          )}
          {run.memory && (
            <div className="figure">
              <span className="figure__value" data-testid="peak-memory">{formatBytes(run.memory.peakActivationBytes)}</span>
              <span className="figure__label">peak activations · weights {formatBytes(run.memory.weightBytes)}</span>
            </div>
          )}
          {run.kernels !== undefined && (
            <div className="figure">
              <span className="figure__value">{run.kernels}</span>
              <span className="figure__label">kernels{run.compileMs !== undefined ? ` · compiled in ${formatMs(run.compileMs)}` : ''}</span>
            </div>
          )}
        </div>
      )}
      {run.check && <Verdict check={run.check} />}
      {run.referenceMs !== undefined && (
        <p className="muted run__note">
          Reference outputs from onnxruntime-web (WASM) on the file as opened, same seeded inputs, in {formatMs(run.referenceMs)} (one cold run, not a benchmark).
        </p>
      )}
      {run.referenceMessage && <p className="panel__error" data-testid="reference-message">{run.referenceMessage}</p>}
      {(run.status === 'running' || latencies.length > 0) && <LatencyChart latencies={latencies} />}
    </section>
  );
}
