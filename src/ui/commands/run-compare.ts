// The compare view's run: each chosen preset on the opened model in the passes worker (one after
// another; the worker is one thread), then each result on onnxruntime-web against the original.
import { proxy } from 'comlink';
import { passesWorker, referenceWorker } from '../../workers/client.ts';
import { outputError } from '../checks/compare-outputs.ts';
import type { CompareResult, ErrorCheck } from '../store/compare-slice.ts';
import { useKiln } from '../store/store.ts';
import { describeError } from './describe-error.ts';
import { calibrationSamples, INPUT_SEED, inputShapesOf, originalOutputs, referenceRunner, seededInputs } from './model-inputs.ts';

let ticket = 0;

export async function runCompare(): Promise<void> {
  const start = useKiln.getState();
  const doc = start.document;
  if (!doc || start.compareStatus === 'running') return;
  const presets = [...start.comparePresets];
  const mine = ++ticket;
  const live = () => mine === ticket && useKiln.getState().document === doc;
  const setResult = (column: number, result: CompareResult) => {
    if (live()) useKiln.setState((s) => ({ compareResults: s.compareResults.map((r, i) => (i === column ? result : r)) }));
  };
  useKiln.setState({
    compareStatus: 'running',
    compareResults: presets.map(() => ({ status: 'running' })),
    compareRunFor: { documentKey: doc.key, presets },
    compareViewport: null,
    compareSelection: null,
  });

  const inputs = seededInputs(doc);
  const samples = calibrationSamples(doc);
  const entries = [];
  for (const [column, id] of presets.entries()) {
    try {
      const request = { model: doc.model, spec: { kind: 'preset' as const, id }, samples, seed: INPUT_SEED };
      const entry = await passesWorker().comparePipeline(request, proxy(referenceRunner), { inputShapes: inputShapesOf(inputs) });
      setResult(column, { status: 'done', entry, error: { status: 'running' } });
      entries.push({ column, entry });
    } catch (e) {
      setResult(column, { status: 'error', message: describeError(e, `The '${id}' pipeline failed`) });
    }
    if (!live()) return;
  }
  if (live()) useKiln.setState({ compareStatus: 'done' });

  // Numeric error of each result, after every table row is filled.
  let expected: Awaited<ReturnType<typeof originalOutputs>> | undefined;
  let failure: string | undefined;
  try {
    expected = await originalOutputs(doc);
  } catch (e) {
    failure = describeError(e, 'onnxruntime-web cannot run the original');
  }
  for (const { column, entry } of entries) {
    let error: ErrorCheck;
    if (!expected) error = { status: 'error', message: failure ?? 'no reference outputs' };
    else {
      try {
        const result = await referenceWorker().runModel(`${doc.key}/compare-${mine}-${column}`, entry.final, inputs);
        const err = outputError(result.outputs, expected);
        error = { status: 'done', relL2: err.relL2, ...(err.problem ? { problem: err.problem } : {}) };
      } catch (e) {
        error = { status: 'error', message: describeError(e, 'The check failed') };
      }
    }
    if (!live()) return;
    setResult(column, { status: 'done', entry, error });
  }
}
