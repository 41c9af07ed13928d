// Row-major index helpers for evaluating data movement on small known tensors.
export function stridesOf(dims: readonly number[]): number[] {
  const s = Array<number>(dims.length).fill(1);
  for (let k = dims.length - 2; k >= 0; k--) s[k] = s[k + 1]! * dims[k + 1]!;
  return s;
}

/** Calls f with every multi-index of dims, in row-major order. */
export function forEachIndex(dims: readonly number[], f: (index: readonly number[]) => void): void {
  const total = dims.reduce((a, b) => a * b, 1);
  const index = Array<number>(dims.length).fill(0);
  for (let i = 0; i < total; i++) {
    f(index);
    for (let k = dims.length - 1; k >= 0; k--) {
      if (++index[k]! < dims[k]!) break;
      index[k] = 0;
    }
  }
}

export function flatIndex(index: readonly number[], strides: readonly number[]): number {
  let o = 0;
  for (let k = 0; k < index.length; k++) o += index[k]! * strides[k]!;
  return o;
}
