// Questions for the GPU worker that run nothing: which nodes of the shown model the backend cannot
// run (badges), the shown model's kernel plan (WGSL pane), and another pipeline's plan (the kernel
// diff). Answers for a model that is no longer shown are dropped.
import type { Model } from '../../ir/types.ts';
import { checkSupportOnGpu, isCancelled, planOnGpu, planPipelineOnGpu } from '../../workers/client.ts';
import { inputsFor } from '../../workers/tensor-align.ts';
import type { LoadedDocument } from '../store/document-slice.ts';
import { currentModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { describeError } from './describe-error.ts';
import { calibrationSamples, INPUT_SEED, inputShapesOf, referenceRunner, seededInputs } from './model-inputs.ts';

const shapesCache = new WeakMap<LoadedDocument, WeakMap<Model, Record<string, number[]>>>();

/** Shapes of the seeded inputs the shown model would run on (what a Run would compile for). */
function inputShapes(doc: LoadedDocument, model: Model): Record<string, number[]> {
  let byModel = shapesCache.get(doc);
  if (!byModel) shapesCache.set(doc, (byModel = new WeakMap()));
  let shapes = byModel.get(model);
  if (!shapes) byModel.set(model, (shapes = inputShapesOf(inputsFor(model.graph, seededInputs(doc)))));
  return shapes;
}

const shown = (model: Model) => currentModel(useKiln.getState()) === model;

export async function checkShownSupport(): Promise<void> {
  const s = useKiln.getState();
  const model = currentModel(s);
  if (!s.document || !model || s.support?.model === model) return;
  s.setSupport({ model, status: 'running', nodes: [] });
  try {
    const nodes = await checkSupportOnGpu(model, inputShapes(s.document, model));
    if (shown(model)) useKiln.getState().setSupport({ model, status: 'done', nodes });
  } catch (e) {
    // A cancelled check is asked again the next time the graph looks (support: null).
    if (shown(model)) useKiln.setState({ support: isCancelled(e) ? null : { model, status: 'error', nodes: [], message: describeError(e, 'The support check failed') } });
  }
}

/** Plans the shown model unless it has a plan, or is being planned, or failed (`retry` asks again after a failure). */
export async function planShownModel(retry = false): Promise<void> {
  const s = useKiln.getState();
  const model = currentModel(s);
  if (!s.document || !model || (s.shownPlan?.model === model && !(retry && s.shownPlan.status === 'error'))) return;
  s.setShownPlan({ model, status: 'running' });
  try {
    const result = await planOnGpu(model, inputShapes(s.document, model));
    if (shown(model)) useKiln.getState().setShownPlan({ model, status: 'done', result });
  } catch (e) {
    // Cancel already marked the plan as cancelled.
    if (shown(model) && !isCancelled(e)) useKiln.getState().setShownPlan({ model, status: 'error', message: describeError(e, 'Cannot plan this model') });
  }
}

/** Plans `preset`'s result unless it has been (`retry` asks again after a failure or Cancel). */
export async function planOtherPipeline(preset: string, retry = false): Promise<void> {
  const s = useKiln.getState();
  const doc = s.document;
  if (!doc || !preset) return;
  const had = s.otherPlan?.docKey === doc.key && s.otherPlan.preset === preset ? s.otherPlan : undefined;
  if (had && !(retry && had.status === 'error')) return;
  s.setOtherPlan({ docKey: doc.key, preset, status: 'running' });
  const live = () => {
    const now = useKiln.getState();
    return now.document === doc && now.otherPreset === preset;
  };
  try {
    const request = { model: doc.model, spec: { kind: 'preset' as const, id: preset }, samples: calibrationSamples(doc), seed: INPUT_SEED, inputShapes: inputShapes(doc, doc.model) };
    const result = await planPipelineOnGpu(request, referenceRunner);
    if (live()) useKiln.getState().setOtherPlan({ docKey: doc.key, preset, status: 'done', result });
  } catch (e) {
    if (live() && !isCancelled(e)) useKiln.getState().setOtherPlan({ docKey: doc.key, preset, status: 'error', message: describeError(e, `Cannot plan the '${preset}' pipeline`) });
  }
}
