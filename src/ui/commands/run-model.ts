// The Run button: the shown model (the step in view) on Kiln's WebGPU kernels (GPU worker) and the
// opened file on onnxruntime-web (reference worker), same seeded inputs, then one verdict: a step
// is checked against the original. The oracle runs beside the timed runs; neither blocks the page.
import type { Tensor } from '../../ir/types.ts';
import { benchmarkOnGpu, isCancelled, referenceWorker } from '../../workers/client.ts';
import type { BenchmarkEvent } from '../../workers/protocol.ts';
import { inputsFor } from '../../workers/tensor-align.ts';
import { toleranceFor } from '../checks/tolerance.ts';
import { checkOutputs, MATCH_TOLERANCE } from '../run/check-outputs.ts';
import type { RunState } from '../store/run-slice.ts';
import { currentModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { describeError } from './describe-error.ts';
import { seededInputs } from './model-inputs.ts';
import { takeRunHooks } from './run-hooks.ts';

export const WARMUP_RUNS = 3;
export const TIMED_RUNS = 20;

export async function runCurrentModel(): Promise<void> {
  const start = useKiln.getState();
  const doc = start.document;
  const model = currentModel(start);
  if (!doc || !model || start.run.status === 'running') return;

  // Results land only if the same model is still shown when they arrive.
  const stillShown = () => {
    const s = useKiln.getState();
    return s.document === doc && s.view === start.view && s.steps === start.steps && s.run.model === model;
  };
  const update = (patch: Partial<RunState>) => {
    if (stillShown()) useKiln.getState().updateRun(patch);
  };
  useKiln.setState({ run: { status: 'running', phase: 'preparing inputs', model, latencies: [], kernelMs: [] } });

  let inputs: Tensor[];
  let kilnInputs: Tensor[];
  try {
    // Inputs follow the opened file (the oracle runs it); the manifest fixes shapes, symbolic dims
    // are 1. The step gets the same tensors by name, cast where a pass changed an input's dtype.
    inputs = seededInputs(doc);
    kilnInputs = inputsFor(model.graph, inputs);
  } catch (e) {
    update({ status: 'error', phase: undefined, message: describeError(e, 'Cannot make inputs') });
    return;
  }
  const inputShapes = Object.fromEntries(kilnInputs.map((t) => [t.name, t.dims]));
  // A step of an fp16 or int8 pipeline is held to that pipeline's bound, never a looser one than float32's.
  const tolerance = start.view > 0 && start.stepsSpec ? Math.max(MATCH_TOLERANCE, toleranceFor(start.stepsSpec).tolerance) : MATCH_TOLERANCE;

  // The oracle starts once the model compiled (a model that cannot compile needs no reference) and
  // runs beside the timed runs.
  let reference: Promise<{ ok: true; outputs: Tensor[]; ms: number } | { ok: false; message: string }> | undefined;
  const startReference = () =>
    (reference ??= referenceWorker()
      .run(doc.key, doc.bytes, inputs)
      .then((r) => ({ ok: true as const, ...r }), (e: unknown) => ({ ok: false as const, message: describeError(e, 'onnxruntime-web failed') })));

  const latencies: number[] = [];
  const kernelMs: (readonly number[])[] = [];
  // Events travel on their own message channel and can arrive after the result: drop those.
  let settled = false;
  const onEvent = (e: BenchmarkEvent) => {
    if (settled) return;
    if (e.kind === 'device') update({ adapter: e.adapter, phase: 'compiling' });
    else if (e.kind === 'compiled') {
      void startReference();
      update({ kernels: e.kernels, memory: e.memory, compileMs: e.ms, plan: e.plan, phase: 'warming up' });
    } else if (e.warmup) update({ phase: `warm-up ${e.index + 1} of ${WARMUP_RUNS}` });
    else {
      latencies.push(e.ms);
      kernelMs.push(e.kernelMs);
      update({ latencies: [...latencies], kernelMs: [...kernelMs], phase: `timed run ${e.index + 1} of ${TIMED_RUNS}` });
    }
  };

  try {
    const request = { model, inputs: kilnInputs, inputShapes, warmups: WARMUP_RUNS, runs: TIMED_RUNS, ...takeRunHooks() };
    const result = await benchmarkOnGpu(request, onEvent).finally(() => (settled = true));
    const { latenciesMs, timingSource, memory, kernels, plan } = result;
    update({ latencies: latenciesMs, kernelMs: result.kernelMs, timingSource, memory, kernels, plan, phase: 'checking against onnxruntime-web' });
    const ref = await startReference();
    if (!ref.ok) update({ status: 'done', phase: undefined, referenceMessage: ref.message });
    else update({ status: 'done', phase: undefined, referenceMs: ref.ms, check: checkOutputs(result.outputs, ref.outputs, tolerance) });
  } catch (e) {
    // Cancel already said what happened.
    if (!isCancelled(e)) update({ status: 'error', phase: undefined, message: describeError(e, 'The run failed') });
  }
}
