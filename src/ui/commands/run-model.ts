// The Run button: the shown model on Kiln's WebGPU kernels (GPU worker) and the opened file on
// onnxruntime-web (reference worker), same seeded inputs, then one verdict. Both run at once;
// neither blocks the page.
import { runtimeInputs } from '../../ir/graph.ts';
import type { Tensor } from '../../ir/types.ts';
import { benchmarkOnGpu, referenceWorker } from '../../workers/client.ts';
import type { BenchmarkEvent } from '../../workers/protocol.ts';
import { checkOutputs } from '../run/check-outputs.ts';
import type { RunState } from '../store/run-slice.ts';
import { currentModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { describeError } from './describe-error.ts';
import { seededInputs } from './model-inputs.ts';

export const WARMUP_RUNS = 3;
export const TIMED_RUNS = 20;

function testHook(name: string): number | undefined {
  const raw = new URLSearchParams(window.location.search).get(name);
  return raw === null ? undefined : Number(raw);
}

export async function runCurrentModel(): Promise<void> {
  const start = useKiln.getState();
  const doc = start.document;
  const model = currentModel(start);
  if (!doc || !model || start.run.status === 'running') return;

  // Results land only if the same model is still shown when they arrive.
  const stillShown = () => {
    const s = useKiln.getState();
    return s.document === doc && s.view === start.view && s.steps === start.steps;
  };
  const update = (patch: Partial<RunState>) => {
    if (stillShown()) useKiln.getState().updateRun(patch);
  };
  useKiln.setState({ run: { status: 'running', phase: 'preparing inputs', latencies: [] } });

  let inputs: Tensor[];
  try {
    // Inputs follow the opened file (the oracle runs it); the manifest fixes shapes, symbolic dims are 1.
    inputs = seededInputs(doc);
  } catch (e) {
    update({ status: 'error', phase: undefined, message: describeError(e, 'Cannot make inputs') });
    return;
  }
  const wanted = new Set(runtimeInputs(model.graph).map((v) => v.name));
  const kilnInputs = inputs.filter((t) => wanted.has(t.name));
  const inputShapes = Object.fromEntries(kilnInputs.map((t) => [t.name, t.dims]));

  const reference = referenceWorker()
    .run(doc.key, doc.bytes, inputs)
    .then((r) => ({ ok: true as const, ...r }), (e: unknown) => ({ ok: false as const, message: describeError(e, 'onnxruntime-web failed') }));

  const latencies: number[] = [];
  // Events travel on their own message channel and can arrive after the result: drop those.
  let settled = false;
  const onEvent = (e: BenchmarkEvent) => {
    if (settled) return;
    if (e.kind === 'device') update({ adapter: e.adapter, phase: 'compiling' });
    else if (e.kind === 'compiled') update({ kernels: e.kernels, memory: e.memory, compileMs: e.ms, phase: 'warming up' });
    else if (e.warmup) update({ phase: `warm-up ${e.index + 1} of ${WARMUP_RUNS}` });
    else {
      latencies.push(e.ms);
      update({ latencies: [...latencies], phase: `timed run ${e.index + 1} of ${TIMED_RUNS}` });
    }
  };

  try {
    const loseDeviceAfterRuns = testHook('loseDeviceAfterRuns');
    const result = await benchmarkOnGpu(
      { model, inputs: kilnInputs, inputShapes, warmups: WARMUP_RUNS, runs: TIMED_RUNS, ...(loseDeviceAfterRuns !== undefined ? { loseDeviceAfterRuns } : {}) },
      onEvent,
    ).finally(() => (settled = true));
    update({ latencies: result.latenciesMs, timingSource: result.timingSource, memory: result.memory, kernels: result.kernels, phase: 'checking against onnxruntime-web' });
    const ref = await reference;
    if (!ref.ok) update({ status: 'done', phase: undefined, referenceMessage: ref.message });
    else update({ status: 'done', phase: undefined, referenceMs: ref.ms, check: checkOutputs(result.outputs, ref.outputs) });
  } catch (e) {
    update({ status: 'error', phase: undefined, message: describeError(e, 'The run failed') });
  }
}
