// Test support (Node only): int8 on a bundled model, the way a pipeline runs it. The model is
// prepared as onnxruntime's quant_pre_process prepares one (constants folded, BatchNorm folded),
// quantized dynamically or calibrated and quantized statically, and compared with the original
// float model in onnxruntime over seeded random inputs unlike the calibration samples.
import { expect, it } from 'vitest';
import type { Model } from '../../../ir/types.ts';
import { bundledModels, loadModel, type ModelCase } from '../../../test-support/models.ts';
import { eliminateDeadCode } from '../../cleanup/eliminate-dead-code.ts';
import { foldConstants } from '../../cleanup/fold-constants.ts';
import { fuseConvBn } from '../../fusion/fuse-conv-bn.ts';
import { finalModel, runPipeline } from '../../pipeline.ts';
import { accuracyReport, formatAccuracy, type OutputAccuracy } from '../accuracy.ts';
import type { CalibrationMethod } from '../calibrate.ts';
import { exposeOutputs } from '../calibrate.ts';
import { prepareInt8Passes, randomSamples } from '../prepare-int8.ts';
import { quantizeDynamic } from '../quantize-dynamic.ts';
import type { OrtRunner } from './ort-runner.ts';

export interface Bound {
  readonly relL2: number;
  readonly cosine: number;
  /** For class-score outputs. */
  readonly top1?: number;
}

export interface Int8Case {
  readonly id: string;
  /** Test inputs (seeds 1..n); calibration uses 8 samples from seed 1000 on. */
  readonly testSamples: number;
  readonly dynamic: Bound;
  readonly static: Readonly<Record<CalibrationMethod, Bound>>;
  /** The output the bounds apply to (default: the first graph output). */
  readonly output?: (original: Model) => string;
}

export function prepared(c: ModelCase): { original: Model; model: Model } {
  const original = loadModel(c.path);
  return { original, model: finalModel(original, runPipeline(original, [foldConstants, eliminateDeadCode, fuseConvBn])) };
}

function check(name: string, o: OutputAccuracy, bound: Bound): void {
  expect(o.relL2, `${name}: rel L2`).toBeLessThanOrEqual(bound.relL2);
  expect(o.cosine, `${name}: cosine`).toBeGreaterThanOrEqual(bound.cosine);
  if (bound.top1 !== undefined) expect(o.top1Agreement, `${name}: top-1 agreement`).toBeGreaterThanOrEqual(bound.top1);
}

/** One `it` for dynamic int8 and one per calibration method, each logging its figures. */
export function int8Tests(spec: Int8Case, run: OrtRunner): void {
  const c = bundledModels().find((m) => m.id === spec.id)!;
  const shapes = { ...(c.entry?.inputs ? { inputs: c.entry.inputs } : {}) };
  const measure = async (label: string, original: Model, quantized: Model, bound: Bound) => {
    const extra = spec.output?.(original);
    const view = (m: Model) => (extra ? exposeOutputs(m, [extra]) : m);
    const report = await accuracyReport(view(original), view(quantized), randomSamples(original, spec.testSamples, 1, shapes), run);
    console.log(`int8 ${spec.id} ${label} (${spec.testSamples} inputs): ${formatAccuracy(report)}`);
    const o = extra ? report.perOutput.find((p) => p.name === extra)! : report.perOutput[0]!;
    check(`${spec.id} ${label} ${o.name}`, o, bound);
  };

  it(`${spec.id}: dynamic int8 within rel L2 ${spec.dynamic.relL2}`, async () => {
    const { original, model } = prepared(c);
    const r = quantizeDynamic.run(model);
    expect(r.changes.explanations.at(-1)!.rule).toBe('quantize-dynamic/summary');
    await measure('dynamic', original, r.model, spec.dynamic);
  });

  for (const method of ['minmax', 'percentile', 'entropy'] as const) {
    it(`${spec.id}: static int8 (${method}) within rel L2 ${spec.static[method].relL2}`, async () => {
      const { original, model } = prepared(c);
      const passes = await prepareInt8Passes(model, { method, count: 8, seed: 1000, ...shapes }, run);
      expect(passes.map((p) => p.id)).toEqual(['quantize-static', 'fuse-qdq']);
      let quantized = model;
      for (const p of passes) {
        const r = p.run(quantized);
        expect(r.changes.explanations.length, `${p.id} explains what it did`).toBeGreaterThan(0);
        quantized = r.model;
      }
      await measure(`static ${method}, fused`, original, quantized, spec.static[method]);
    });
  }
}
