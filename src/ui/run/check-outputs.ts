// Kiln's outputs against the oracle's, as one verdict for the Run panel.
import { compareTensors, type Comparison } from '../../reference/compare.ts';
import type { Tensor } from '../../ir/types.ts';
import { castTensor } from '../../workers/tensor-align.ts';

/** Largest relative L2 error that still counts as a match for float32 kernels. */
export const MATCH_TOLERANCE = 1e-4;

export interface OutputCheck {
  /** Worst relative L2 error over all outputs (Infinity when one could not be compared). */
  readonly maxRelL2: number;
  readonly match: boolean;
  /** The bound `maxRelL2` was held to. */
  readonly tolerance: number;
  readonly outputs: number;
  /** The first reason an output could not be compared at all (missing, shape, dtype). */
  readonly problem?: string;
}

/**
 * Compares by output name, so an engine listing outputs in another order still lines up. An output
 * whose dtype a pass changed (an fp16 step) is compared as numbers in the original's dtype.
 */
export function checkOutputs(actual: readonly Tensor[], expected: readonly Tensor[], tolerance = MATCH_TOLERANCE): OutputCheck {
  let maxRelL2 = 0;
  let problem: string | undefined;
  expected.forEach((e, i) => {
    const a = actual.find((t) => t.name === e.name) ?? actual[i];
    const c: Comparison = a ? compareTensors(sameDtype(a, e), e) : { relL2: Infinity, maxAbsError: Infinity, mismatches: 0, count: 0, problem: 'missing' };
    if (c.problem) problem ??= `output '${e.name}': ${c.problem}`;
    if (!(c.relL2 <= maxRelL2)) maxRelL2 = c.relL2;
  });
  if (actual.length !== expected.length) problem ??= `Kiln gave ${actual.length} outputs, onnxruntime-web ${expected.length}`;
  const match = problem === undefined && maxRelL2 <= tolerance;
  return { maxRelL2, match, tolerance, outputs: expected.length, ...(problem ? { problem } : {}) };
}

function sameDtype(a: Tensor, like: Tensor): Tensor {
  if (a.dtype === like.dtype) return a;
  try {
    return castTensor(a, like.dtype);
  } catch {
    return a; // compareTensors names the dtype mismatch
  }
}

/** Median of a list (the figure the Run panel headlines: robust to a slow first run). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
