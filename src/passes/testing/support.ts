// Test support for passes (Node only: loads onnxruntime-node). Purity checks and the
// onnxruntime equivalence check every pass test uses.
import { expect } from 'vitest';
import { exportModel } from '../../ir/onnx/export.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import { compareTensors } from '../../reference/compare.ts';
import { runOrt } from '../../reference/ort-node.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import type { ModelCase } from '../../test-support/models.ts';

/** Freezes every object and array of a model, so a pass that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const visit = (v: unknown) => {
    if (typeof v !== 'object' || v === null || seen.has(v) || ArrayBuffer.isView(v)) return;
    seen.add(v);
    for (const child of Object.values(v)) visit(child);
    Object.freeze(v);
  };
  visit(value);
  return value;
}

/** A checksum over every initializer byte: weights must come out of a pass untouched. */
export function weightChecksum(model: Model): number {
  let h = 0;
  for (const t of model.graph.initializers) {
    if (t.data.kind !== 'raw') continue;
    for (const b of t.data.bytes) h = (Math.imul(h, 31) + b) | 0;
  }
  return h;
}

export interface EquivalenceOptions {
  readonly relL2?: number;
  readonly seed?: number;
}

/** Runs both models in onnxruntime (no graph optimizations) on the same seeded inputs and compares. */
export async function expectSameOutputs(original: Model, optimized: Model, c: Pick<ModelCase, 'entry'>, options: EquivalenceOptions = {}): Promise<Tensor[]> {
  const inputs = randomInputs(original.graph, { seed: options.seed ?? 7, inputs: c.entry?.inputs });
  const run = { graphOptimizationLevel: 'disabled' as const };
  const [want, got] = [await runOrt(exportModel(original), inputs, run), await runOrt(exportModel(optimized), inputs, run)];
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    const g = got[i]!;
    expect(g.dims, `dims of ${w.name}`).toEqual(w.dims);
    expect(g.dtype, `dtype of ${w.name}`).toBe(w.dtype);
    expect(compareTensors(g, w).relL2, `relative L2 error of ${w.name}`).toBeLessThanOrEqual(options.relL2 ?? 1e-6);
  });
  return got;
}
