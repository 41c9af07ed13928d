// Calibration: runs the float model over sample inputs with every float32 activation of the main
// graph exposed as an extra output (a modified copy of the model) and records each one's range.
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
import { AbsHistogram, entropyThreshold, percentileThreshold, RangeAccumulator } from './calibration-stats.ts';
import { mainGraphConstants } from './constants.ts';
import type { Runner } from './runner.ts';

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
  /** Percentile and Entropy: tensors with fewer values than histogram bins, which keep their MinMax range. */
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

/**
 * The values calibration measures: float32 graph inputs and node outputs, leaving out what is
 * computed from constants alone (a transposed weight is a weight, not an activation).
 */
export function calibrationTensors(model: Model): string[] {
  const g = model.graph;
  const types = valueTypes(model);
  const constant = new Set(mainGraphConstants(model).keys());
  const isFloat32 = (v: string) => types.get(v)?.kind === 'tensor' && (types.get(v) as { dtype: string }).dtype === 'float32';
  const names = runtimeInputs(g).map((v) => v.name).filter(isFloat32);
  for (const n of g.nodes) {
    if (n.inputs.every((i) => !i || constant.has(i))) {
      for (const o of n.outputs) if (o) constant.add(o);
      continue;
    }
    for (const o of n.outputs) if (o && isFloat32(o)) names.push(o);
  }
  return names;
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

/** Runs every sample and hands each measured tensor's values to `visit`. */
async function sweep(model: Model, names: readonly string[], samples: readonly Tensor[][], run: Runner, visit: (name: string, values: Float64Array) => void): Promise<void> {
  const bytes = exportModel(exposeOutputs(model, names));
  const produced = names.filter((n) => indexGraph(model.graph).producer.has(n));
  for (const sample of samples) {
    const outputs = await run(bytes, sample, [...produced]);
    produced.forEach((name, i) => visit(name, tensorToNumbers(outputs[i]!)));
    for (const t of sample) if (names.includes(t.name)) visit(t.name, tensorToNumbers(t));
  }
}

export async function calibrate(model: Model, samples: Tensor[][], method: CalibrationMethod, run: Runner, options: CalibrateOptions = {}): Promise<CalibrationTable> {
  if (!CALIBRATION_METHODS.includes(method)) throw new InputError(`unknown calibration method '${method}'; methods: ${CALIBRATION_METHODS.join(', ')}`);
  const percentile = options.percentile ?? 99.999;
  if (!(percentile > 0 && percentile <= 100)) throw new InputError(`percentile must be in (0, 100], not ${percentile}`);
  checkSamples(model, samples);
  const names = calibrationTensors(model);
  const seen = new Map(names.map((n) => [n, new RangeAccumulator()]));
  await sweep(model, names, samples, run, (name, v) => seen.get(name)!.add(v));
  const ranges: Record<string, TensorRange> = {};
  for (const [name, r] of seen) if (r.min <= r.max) ranges[name] = { min: r.min, max: r.max };
  if (method === 'minmax') return { method, samples: samples.length, ranges };

  const bins = options.bins ?? 2048;
  const hists = new Map(Object.entries(ranges).map(([n, r]) => [n, new AbsHistogram(Math.max(Math.abs(r.min), Math.abs(r.max)), bins)]));
  await sweep(model, [...hists.keys()], samples, run, (name, v) => hists.get(name)?.add(v));
  const minmaxFallback: string[] = [];
  for (const [name, h] of hists) {
    if (h.total < bins) {
      minmaxFallback.push(name);
      continue;
    }
    const r = ranges[name]!;
    const t = method === 'percentile' ? percentileThreshold(h, percentile) : entropyThreshold(h, options.levels ?? (r.min >= 0 ? 256 : 128));
    ranges[name] = { min: Math.max(r.min, -t), max: Math.min(r.max, t) };
  }
  return { method, samples: samples.length, ranges, minmaxFallback };
}
