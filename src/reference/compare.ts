// How Kiln compares two tensors. The same functions back the tests, the CLI and the app, so a
// figure means the same thing everywhere.
import { numElements, tensorToNumbers } from '../ir/tensor.ts';
import type { Tensor } from '../ir/types.ts';

export interface Comparison {
  /** ||a - b||₂ / ||b||₂ (b is the reference); 0 when both are all zeros. */
  readonly relL2: number;
  readonly maxAbsError: number;
  /** Elements outside |a - b| <= atol + rtol·|b| (the ONNX backend-test rule). */
  readonly mismatches: number;
  readonly count: number;
  /** Set when the tensors cannot be compared element by element. */
  readonly problem?: string;
}

export function compareTensors(actual: Tensor, expected: Tensor, rtol = 1e-3, atol = 1e-7): Comparison {
  const sameShape = actual.dims.length === expected.dims.length && actual.dims.every((d, i) => d === expected.dims[i]);
  if (!sameShape) {
    return { relL2: Infinity, maxAbsError: Infinity, mismatches: numElements(expected.dims), count: numElements(expected.dims), problem: `shape [${actual.dims}] differs from expected [${expected.dims}]` };
  }
  if (actual.dtype !== expected.dtype) {
    return { relL2: Infinity, maxAbsError: Infinity, mismatches: numElements(expected.dims), count: numElements(expected.dims), problem: `dtype ${actual.dtype} differs from expected ${expected.dtype}` };
  }
  if (expected.data.kind === 'strings' || actual.data.kind === 'strings') {
    const a = actual.data.kind === 'strings' ? actual.data.values : [];
    const b = expected.data.kind === 'strings' ? expected.data.values : [];
    let mismatches = 0;
    for (let i = 0; i < b.length; i++) if (!bytesEqual(a[i], b[i]!)) mismatches++;
    return { relL2: mismatches ? 1 : 0, maxAbsError: mismatches ? Infinity : 0, mismatches, count: b.length };
  }
  const a = tensorToNumbers(actual);
  const b = tensorToNumbers(expected);
  let diff2 = 0, ref2 = 0, maxAbs = 0, mismatches = 0;
  for (let i = 0; i < b.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (!(Number.isNaN(x) && Number.isNaN(y))) { mismatches++; maxAbs = Infinity; diff2 = Infinity; }
      continue;
    }
    if (x === y) { ref2 += y * y; continue; } // also equal infinities
    const d = Math.abs(x - y);
    diff2 += d * d;
    ref2 += y * y;
    if (d > maxAbs) maxAbs = d;
    if (!(d <= atol + rtol * Math.abs(y))) mismatches++;
  }
  const relL2 = diff2 === 0 ? 0 : ref2 === 0 ? Infinity : Math.sqrt(diff2 / ref2);
  return { relL2, maxAbsError: maxAbs, mismatches, count: b.length };
}

function bytesEqual(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Worst comparison over matching outputs (by position). */
export function compareOutputs(actual: readonly Tensor[], expected: readonly Tensor[], rtol?: number, atol?: number): Comparison[] {
  return expected.map((e, i) => {
    const a = actual[i];
    if (!a) return { relL2: Infinity, maxAbsError: Infinity, mismatches: numElements(e.dims), count: numElements(e.dims), problem: 'output missing' };
    return compareTensors(a, e, rtol, atol);
  });
}
