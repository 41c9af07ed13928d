// Values known during inference: small tensors that feed shape computations (the targets of
// Reshape, Expand, Slice, ...). Elements are dims, so a Shape output of a [batch, 16] tensor is
// known as ['batch', 16] and a Reshape to it keeps `batch`; null marks one unknown element.
import { numElements, tensorToNumbers } from '../tensor.ts';
import type { Dim, Tensor } from '../types.ts';

export interface KnownValue {
  readonly dims: readonly number[];
  /** Row-major elements; booleans are 0/1. */
  readonly values: readonly Dim[];
}

/** Larger tensors are never tracked: shape data is small, and weights must not be decoded. */
export const MAX_KNOWN_ELEMENTS = 1024;

export function knownValue(dims: readonly number[], values: readonly Dim[]): KnownValue | undefined {
  return values.length <= MAX_KNOWN_ELEMENTS ? { dims, values } : undefined;
}

export function scalarValue(v: Dim): KnownValue {
  return { dims: [], values: [v] };
}

/** Dtypes tensorToNumbers does not decode element by element. */
const PACKED_OR_EXOTIC = new Set(['int4', 'uint4', 'float4e2m1']);

/** A tensor's elements as a known value, when it is small, numeric and held in memory. */
export function valueOfTensor(t: Tensor): KnownValue | undefined {
  if (t.data.kind !== 'raw' || t.dtype === 'string' || t.dtype.startsWith('complex')) return undefined;
  const n = numElements(t.dims);
  if (n > MAX_KNOWN_ELEMENTS) return undefined;
  if (PACKED_OR_EXOTIC.has(t.dtype) || t.dtype.startsWith('float8')) return undefined;
  const numbers = tensorToNumbers(t);
  if (numbers.length !== n) return undefined;
  return { dims: [...t.dims], values: Array.from(numbers) };
}

/** All elements as numbers, or undefined when one is symbolic or unknown. */
export function numbersOf(v: KnownValue | undefined): number[] | undefined {
  if (!v) return undefined;
  const out: number[] = [];
  for (const x of v.values) {
    if (typeof x !== 'number') return undefined;
    out.push(x);
  }
  return out;
}
