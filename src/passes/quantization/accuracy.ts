// How close a quantized (or float16) model stays to its float32 original, per output, over a set of
// inputs: relative L2 error and cosine similarity over all samples together, and top-1 agreement
// for outputs that look like class scores.
//
// Class scores: an output whose result is rank 2, [N, C] with C ≥ 2 and a float dtype (logits or
// probabilities of N rows over C classes). Top-1 agreement is the fraction of the N·samples rows
// whose arg-max class is the same in both models (ties go to the lower index).
import { exportModel } from '../../ir/onnx/export.ts';
import { isFloatDType } from '../../ir/dtype.ts';
import { InputError } from '../../ir/errors.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import type { Runner } from './runner.ts';

export interface OutputAccuracy {
  readonly name: string;
  /** ‖quantized − original‖₂ / ‖original‖₂ over every sample. */
  readonly relL2: number;
  /** Cosine similarity of the two outputs, all samples concatenated. */
  readonly cosine: number;
  /** Set for class-score outputs ([N, C], C ≥ 2). */
  readonly top1Agreement?: number;
}

export interface AccuracyReport {
  readonly samples: number;
  readonly perOutput: readonly OutputAccuracy[];
}

interface Sums {
  diff2: number;
  ref2: number;
  got2: number;
  dot: number;
  rows: number;
  agree: number;
  classScores: boolean;
}

function argmax(v: Float64Array, from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i < to; i++) if (v[i]! > v[best]!) best = i;
  return best - from;
}

function accumulate(s: Sums, want: Tensor, got: Tensor): void {
  if (want.dims.length !== got.dims.length || want.dims.some((d, i) => d !== got.dims[i])) {
    throw new InputError(`output ${want.name} has shape [${got.dims}] in the quantized model and [${want.dims}] in the original`);
  }
  const [a, b] = [tensorToNumbers(want), tensorToNumbers(got)];
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    s.diff2 += (x - y) ** 2;
    s.ref2 += x * x;
    s.got2 += y * y;
    s.dot += x * y;
  }
  const [rows, classes] = want.dims;
  s.classScores &&= want.dims.length === 2 && classes! >= 2 && isFloatDType(want.dtype);
  if (!s.classScores) return;
  for (let r = 0; r < rows!; r++) {
    s.rows++;
    if (argmax(a, r * classes!, (r + 1) * classes!) === argmax(b, r * classes!, (r + 1) * classes!)) s.agree++;
  }
}

/** Runs both models on every input set with `run` and compares their outputs position by position. */
export async function accuracyReport(original: Model, quantized: Model, inputs: readonly Tensor[][], run: Runner): Promise<AccuracyReport> {
  if (!inputs.length) throw new InputError('an accuracy report needs at least one set of inputs');
  const [bytesA, bytesB] = [exportModel(original), exportModel(quantized)];
  const sums: Sums[] = [];
  for (const sample of inputs) {
    const [want, got] = [await run(bytesA, sample), await run(bytesB, sample)];
    if (want.length !== got.length) throw new InputError(`the quantized model has ${got.length} outputs, the original ${want.length}`);
    want.forEach((w, i) => accumulate((sums[i] ??= { diff2: 0, ref2: 0, got2: 0, dot: 0, rows: 0, agree: 0, classScores: true }), w, got[i]!));
  }
  const names = original.graph.outputs.map((o) => o.name);
  return {
    samples: inputs.length,
    perOutput: sums.map((s, i) => ({
      name: names[i] ?? `output ${i}`,
      relL2: s.diff2 === 0 ? 0 : s.ref2 === 0 ? Infinity : Math.sqrt(s.diff2 / s.ref2),
      cosine: s.ref2 === 0 || s.got2 === 0 ? (s.ref2 === s.got2 ? 1 : 0) : s.dot / Math.sqrt(s.ref2 * s.got2),
      ...(s.classScores ? { top1Agreement: s.agree / s.rows } : {}),
    })),
  };
}

/** `logits: rel L2 1.2e-2, cosine 0.9999, top-1 98%` for logs and docs. */
export function formatAccuracy(r: AccuracyReport): string {
  return r.perOutput
    .map((o) => `${o.name}: rel L2 ${o.relL2.toExponential(2)}, cosine ${o.cosine.toFixed(5)}${o.top1Agreement === undefined ? '' : `, top-1 ${(o.top1Agreement * 100).toFixed(1)}%`}`)
    .join('; ');
}
