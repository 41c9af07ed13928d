// Calibration: runs the float model over sample inputs with every float32 activation exposed as an
// extra output (a modified copy of the model, calibration-expose.ts: values inside If/Loop/Scan
// bodies are carried out through their nodes) and records each one's range. A Loop body's value
// is measured over all its iterations together; a branch no sample takes gets no ranges.
// MinMax needs one pass over the samples; Percentile and Entropy need two (the first finds each
// tensor's |x| maximum, the second fills a histogram of |x| over [0, max] in 2048 bins).
// Thresholds t from Percentile and Entropy clip the seen range: [max(min, -t), min(max, t)], so a
// ReLU output keeps its 0 lower bound and uint8 quantization keeps all 256 levels for [0, t].
// Entropy's cut keeps at least `levels` of the 2048 bins (128; 256 for tensors never negative), so
// a lone outlier more than 16 (8) times the bulk's extent is kept: every shorter cut would fall in
// the empty stretch before it.
// A tensor with fewer values over all samples than histogram bins (a LayerNorm statistic, an SE
// block's [1,C,1,1] gate) keeps its MinMax range: its histogram is too sparse for a percentile or
// a divergence to mean anything (the entropy cut degenerates to a single occupied bin, KL 0).
import { InputError } from '../../ir/errors.ts';
import { indexGraph, runtimeInputs } from '../../ir/graph.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import { valueTypes } from '../support/constant-values.ts';
import { calibrationCopy, type CalibrationCopy } from './calibration-expose.ts';
import { AbsHistogram, entropyThreshold, percentileThreshold, RangeAccumulator } from './calibration-stats.ts';
import type { Runner } from './runner.ts';

export { calibrationTensors } from './calibration-points.ts';

export type CalibrationMethod = 'minmax' | 'percentile' | 'entropy';
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ['minmax', 'percentile', 'entropy'];

export interface TensorRange {
  readonly min: number;
  readonly max: number;
}

export interface CalibrationTable {
  readonly method: CalibrationMethod;
  readonly samples: number;
  /** Value name -> range, for every float32 activation of the main graph. */
  readonly ranges: Readonly<Record<string, TensorRange>>;
  /** Body key (`If_0.then_branch`, see scopes.ts) -> value name -> range, for the bodies some sample ran. */
  readonly bodies?: Readonly<Record<string, Readonly<Record<string, TensorRange>>>>;
  /**
   * Percentile and Entropy: tensors with fewer values than histogram bins, which keep their MinMax
   * range (`<body key>:<name>` inside bodies).
   */
  readonly minmaxFallback?: readonly string[];
}

export interface CalibrateOptions {
  /** Percentile method: the share of |x| kept, in percent (default 99.999). */
  readonly percentile?: number;
  /** Histogram bins for Percentile and Entropy (default 2048). */
  readonly bins?: number;
  /** Entropy method: quantization levels of |x| (default 128, int8's magnitudes; 256 for tensors that are never negative). */
  readonly levels?: number;
}

/** A copy of the model whose graph also outputs `names`. */
export function exposeOutputs(model: Model, names: readonly string[]): Model {
  const have = new Set(model.graph.outputs.map((o) => o.name));
  const added = names.filter((n) => !have.has(n) && indexGraph(model.graph).producer.has(n)).map((name) => ({ name, type: { kind: 'tensor' as const, dtype: 'float32' as const } }));
  return { ...model, graph: { ...model.graph, outputs: [...model.graph.outputs, ...added] } };
}

function checkSamples(model: Model, samples: readonly Tensor[][]): void {
  if (!samples.length) throw new InputError('calibration needs at least one sample');
  const wanted = runtimeInputs(model.graph).map((v) => v.name);
  samples.forEach((s, k) => {
    const missing = wanted.find((name) => !s.some((t) => t.name === name));
    if (missing) throw new InputError(`calibration sample ${k} has no tensor for input '${missing}'`);
  });
}

/** Runs every sample on the calibration copy and hands each measured point's values to `visit`. */
async function sweep(copy: CalibrationCopy, wanted: ReadonlySet<number>, samples: readonly Tensor[][], run: Runner, visit: (point: number, values: Float64Array) => void): Promise<void> {
  const bytes = exportModel(copy.model);
  const inputs = new Set(copy.model.graph.inputs.map((v) => v.name));
  const fetched = [...wanted].filter((k) => !inputs.has(copy.points[k]!.output));
  const fed = [...wanted].filter((k) => inputs.has(copy.points[k]!.output));
  for (const sample of samples) {
    const outputs = await run(bytes, sample, fetched.map((k) => copy.points[k]!.output));
    fetched.forEach((k, i) => visit(k, tensorToNumbers(outputs[i]!)));
    for (const k of fed) {
      const t = sample.find((x) => x.name === copy.points[k]!.output);
      if (t) visit(k, tensorToNumbers(t));
    }
  }
}

export async function calibrate(model: Model, samples: Tensor[][], method: CalibrationMethod, run: Runner, options: CalibrateOptions = {}): Promise<CalibrationTable> {
  if (!CALIBRATION_METHODS.includes(method)) throw new InputError(`unknown calibration method '${method}'; methods: ${CALIBRATION_METHODS.join(', ')}`);
  const percentile = options.percentile ?? 99.999;
  if (!(percentile > 0 && percentile <= 100)) throw new InputError(`percentile must be in (0, 100], not ${percentile}`);
  checkSamples(model, samples);
  const copy = calibrationCopy(model, valueTypes(model));
  const seen = copy.points.map(() => new RangeAccumulator());
  await sweep(copy, new Set(seen.keys()), samples, run, (k, v) => seen[k]!.add(v));
  const measured = new Map<number, TensorRange>();
  seen.forEach((r, k) => {
    if (r.min <= r.max) measured.set(k, { min: r.min, max: r.max });
  });
  if (method !== 'minmax') {
    const bins = options.bins ?? 2048;
    const hists = new Map([...measured].map(([k, r]) => [k, new AbsHistogram(Math.max(Math.abs(r.min), Math.abs(r.max)), bins)]));
    await sweep(copy, new Set(hists.keys()), samples, run, (k, v) => hists.get(k)?.add(v));
    const fallback: string[] = [];
    for (const [k, h] of hists) {
      const p = copy.points[k]!;
      if (h.total < bins) {
        fallback.push(p.body ? `${p.body}:${p.name}` : p.name);
        continue;
      }
      const r = measured.get(k)!;
      const t = method === 'percentile' ? percentileThreshold(h, percentile) : entropyThreshold(h, options.levels ?? (r.min >= 0 ? 256 : 128));
      measured.set(k, { min: Math.max(r.min, -t), max: Math.min(r.max, t) });
    }
    return tableOf(method, samples.length, copy, measured, fallback);
  }
  return tableOf(method, samples.length, copy, measured);
}

/** Main-graph ranges by name, body ranges by body and name. */
function tableOf(method: CalibrationMethod, samples: number, copy: CalibrationCopy, measured: ReadonlyMap<number, TensorRange>, fallback?: string[]): CalibrationTable {
  const ranges: Record<string, TensorRange> = {};
  const bodies: Record<string, Record<string, TensorRange>> = {};
  for (const [k, r] of measured) {
    const p = copy.points[k]!;
    if (p.body) (bodies[p.body] ??= {})[p.name] = r;
    else ranges[p.name] = r;
  }
  return { method, samples, ranges, ...(Object.keys(bodies).length ? { bodies } : {}), ...(fallback ? { minmaxFallback: fallback } : {}) };
}
