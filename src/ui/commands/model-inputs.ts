// The seeded random inputs every numeric figure in the app uses: the Run panel, the per-step
// check, calibration and the compare view all feed the same tensors, so their figures agree.
import type { Tensor } from '../../ir/types.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { referenceWorker } from '../../workers/client.ts';
import type { ModelRunnerCallback } from '../../workers/protocol.ts';
import type { LoadedDocument } from '../store/document-slice.ts';

export const INPUT_SEED = 7;
/** Calibration samples for pipelines with `prepare` (seeds INPUT_SEED, INPUT_SEED+1, …). */
export const CALIBRATION_SAMPLES = 4;

/** Inputs for the opened model: the manifest fixes shapes (and fixed values), symbolic dims are 1. */
export function seededInputs(doc: LoadedDocument, seed = INPUT_SEED): Tensor[] {
  const manifestInputs = doc.source.kind === 'bundled' ? doc.source.entry.inputs : undefined;
  return randomInputs(doc.model.graph, { seed, ...(manifestInputs ? { inputs: manifestInputs } : {}) });
}

export function calibrationSamples(doc: LoadedDocument): Tensor[][] {
  return Array.from({ length: CALIBRATION_SAMPLES }, (_, k) => seededInputs(doc, INPUT_SEED + k));
}

export function inputShapesOf(inputs: readonly Tensor[]): Record<string, number[]> {
  return Object.fromEntries(inputs.map((t) => [t.name, [...t.dims]]));
}

/** `prepare`'s model runner: onnxruntime-web in the reference worker. */
export const referenceRunner: ModelRunnerCallback = (bytes, inputs, outputNames) => referenceWorker().runBytes(bytes, inputs, outputNames);

const originals = new WeakMap<LoadedDocument, Promise<Tensor[]>>();

/** The opened file's outputs on the seeded inputs (onnxruntime-web), computed once per document. */
export function originalOutputs(doc: LoadedDocument): Promise<Tensor[]> {
  let hit = originals.get(doc);
  if (!hit) {
    hit = referenceWorker()
      .run(doc.key, doc.bytes, seededInputs(doc))
      .then((r) => r.outputs);
    hit.catch(() => originals.delete(doc));
    originals.set(doc, hit);
  }
  return hit;
}
