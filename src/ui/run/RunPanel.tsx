// Live figures of a run of the shown model: latency per run with its median, the per-kernel time
// breakdown, the memory timeline against its bound, and the oracle's verdict.
import { useKiln } from '../store/store.ts';
import { KernelBars } from './KernelBars.tsx';
import { LatencyChart } from './LatencyChart.tsx';
import { MemoryChart } from './MemoryChart.tsx';
import { RunFigures } from './RunFigures.tsx';

function useRunTarget(): string {
  return useKiln((s) => (s.view === 0 ? 'the original model' : `the model after step ${s.view} (${s.steps[s.view - 1]?.passId ?? '?'})`));
}

export function RunPanel() {
  const run = useKiln((s) => s.run);
  const target = useRunTarget();
  const latencies = run.latencies ?? [];
  const started = run.status === 'running' || latencies.length > 0 || run.plan !== undefined;
  return (
    <section className="run panel" data-testid="run-panel" data-status={run.status}>
      <header className="panel__title">
        Run <span className="muted">{run.model ? `Kiln WebGPU kernels on ${target}, checked against the original on onnxruntime-web` : `Kiln WebGPU kernels vs onnxruntime-web (WASM)`}</span>
      </header>
      {run.status === 'ready' && (
        <p className="muted">Press Run to compile {target} to WebGPU, time 20 runs after 3 warm-ups, and check its outputs against the original on onnxruntime-web.</p>
      )}
      {run.phase && <p className="run__phase" data-testid="run-phase">{run.phase}…</p>}
      {run.message && (
        <p className={run.status === 'cancelled' ? 'panel__note' : 'panel__error'} data-testid="run-message">
          {run.message}
        </p>
      )}
      <RunFigures run={run} />
      {run.referenceMessage && <p className="panel__error" data-testid="reference-message">{run.referenceMessage}</p>}
      {started && (
        <div className="run__charts">
          <figure className="run-chart">
            <figcaption>Latency per run</figcaption>
            <LatencyChart latencies={latencies} />
          </figure>
          <figure className="run-chart">
            <figcaption>Kernels by time (median)</figcaption>
            {run.plan ? <KernelBars plan={run.plan} runs={run.kernelMs ?? []} source={run.timingSource} /> : <p className="muted run-chart__empty">Compiling…</p>}
          </figure>
          <figure className="run-chart">
            <figcaption>Live activations</figcaption>
            {run.plan && run.memory ? <MemoryChart plan={run.plan} memory={run.memory} /> : <p className="muted run-chart__empty">Compiling…</p>}
          </figure>
        </div>
      )}
    </section>
  );
}
