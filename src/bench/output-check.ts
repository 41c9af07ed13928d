// How an engine's outputs are judged against onnxruntime-web WASM. By rel L2, except outputs a
// final Sigmoid computes: those lie in (0, 1), and where random inputs saturate the Sigmoid
// (PaddleOCR-det's probability map is ~1e-10 everywhere) rel L2 measures how each engine rounds
// exp() of a large negative number — onnxruntime's approximate sigmoid is 68% off there, so every
// WebGPU engine looked wrong. Such an output is judged by its largest absolute error instead, with
// the same bound: on values between 0 and 1 an absolute error is what a reader of the map sees.
import { indexGraph } from '../ir/graph.ts';
import type { Model, Tensor } from '../ir/types.ts';
import { compareTensors } from '../reference/compare.ts';

export type OutputCheck = 'rel-l2' | 'max-abs';

/** One check per graph output, in order. */
export function outputChecks(model: Model): OutputCheck[] {
  const { producer } = indexGraph(model.graph);
  return model.graph.outputs.map((o) => {
    const p = producer.get(o.name);
    return p && p.opType === 'Sigmoid' && (p.domain === '' || p.domain === 'ai.onnx') ? 'max-abs' : 'rel-l2';
  });
}

export interface OutputErrors {
  /** Worst rel L2 over all outputs (reported whatever the check), null when unknown. */
  readonly relL2: number | null;
  /** Worst max abs error over the outputs checked by it; null when none is. */
  readonly maxAbs: number | null;
  readonly problem?: string;
  /** Every output within `tolerance` by its own check. */
  readonly within: (tolerance: number) => boolean;
}

export function judgeOutputs(outputs: readonly Tensor[] | undefined, reference: readonly Tensor[] | undefined, checks: readonly OutputCheck[] = []): OutputErrors {
  const unknown = (problem?: string): OutputErrors => ({ relL2: null, maxAbs: null, ...(problem ? { problem } : {}), within: () => false });
  if (!outputs || !reference) return unknown();
  if (outputs.length !== reference.length) return unknown(`${outputs.length} outputs, the reference has ${reference.length}`);
  let relL2 = 0;
  let maxAbs: number | null = null;
  let problem: string | undefined;
  const judged: { check: OutputCheck; value: number }[] = [];
  reference.forEach((ref, i) => {
    const c = compareTensors(outputs[i]!, ref);
    if (c.problem) problem ??= `${ref.name}: ${c.problem}`;
    if (!(c.relL2 <= relL2)) relL2 = c.relL2;
    const check = checks[i] ?? 'rel-l2';
    if (check === 'max-abs') maxAbs = Math.max(maxAbs ?? 0, c.maxAbsError);
    judged.push({ check, value: c.problem ? Infinity : check === 'max-abs' ? c.maxAbsError : c.relL2 });
  });
  return {
    relL2: Number.isFinite(relL2) ? relL2 : null,
    maxAbs,
    ...(problem ? { problem } : {}),
    within: (tolerance) => judged.every((j) => j.value <= tolerance),
  };
}
