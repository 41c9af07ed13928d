// The numeric check of every step, in the background: each step's model runs on onnxruntime-web
// (reference worker) on the seeded inputs and is compared with the original's outputs. The shown
// step goes first; one check runs at a time; results for an older pipeline run are dropped.
import type { StepPayload } from '../../workers/protocol.ts';
import { referenceWorker } from '../../workers/client.ts';
import { outputError } from '../checks/compare-outputs.ts';
import { toleranceFor } from '../checks/tolerance.ts';
import type { StepCheck } from '../store/checks-slice.ts';
import type { LoadedDocument } from '../store/document-slice.ts';
import { useKiln, type KilnState } from '../store/store.ts';
import { describeError } from './describe-error.ts';
import { originalOutputs, seededInputs } from './model-inputs.ts';

let looping = false;
let runs = 0;
const runIds = new WeakMap<readonly StepPayload[], number>();

export function startChecks(): void {
  const s = useKiln.getState();
  runIds.set(s.steps, ++runs);
  s.resetChecks(s.steps);
  void checkLoop();
}

/** Called when the shown step changes: its check moves to the front of the queue. */
export function nextCheck(s: KilnState): number | undefined {
  if (!s.checksFor || s.checksFor !== s.steps) return undefined;
  const order = [s.view, ...s.steps.map((_, i) => i + 1)];
  return order.find((v) => v > 0 && v <= s.steps.length && !s.checks[v]);
}

async function checkLoop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    for (let s = useKiln.getState(), v = nextCheck(s); v !== undefined; s = useKiln.getState(), v = nextCheck(s)) {
      const doc = s.document;
      const steps = s.steps;
      if (!doc) break;
      s.setCheck(steps, v, { status: 'running' });
      useKiln.getState().setCheck(steps, v, await checkStep(doc, steps, v));
    }
  } finally {
    looping = false;
  }
}

async function checkStep(doc: LoadedDocument, steps: readonly StepPayload[], view: number): Promise<StepCheck> {
  const model = steps[view - 1]!.model;
  // A step that changed nothing has its predecessor's model: reuse that figure.
  const same = steps.findIndex((s) => s.model === model);
  const earlier = useKiln.getState().checks[same + 1];
  if (same + 1 < view && earlier?.status === 'done') return earlier;
  const spec = useKiln.getState().stepsSpec;
  const tolerance = spec ? toleranceFor(spec).tolerance : 1e-4;
  try {
    const expected = await originalOutputs(doc);
    const result = await referenceWorker().runModel(`${doc.key}/run-${runIds.get(steps) ?? 0}/step-${view}`, model, seededInputs(doc));
    const err = outputError(result.outputs, expected);
    return { status: 'done', relL2: err.relL2, pass: !err.problem && err.relL2 <= tolerance, tolerance, ms: result.ms, ...(err.problem ? { problem: err.problem } : {}) };
  } catch (e) {
    return { status: 'error', message: describeError(e, 'The check failed') };
  }
}
