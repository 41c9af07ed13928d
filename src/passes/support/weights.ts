// Pure helpers for passes that compute new weights. They read constants (float32 weights as views,
// small ones as float64), compute, and write float32 (the only dtype weight-folding rules accept).
import { InputError } from '../../ir/errors.ts';
import { makeTensor, numElements, tensorData, tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Tensor } from '../../ir/types.ts';

export function requireFloat32(...tensors: (Tensor | undefined)[]): void {
  for (const t of tensors) {
    if (t && t.dtype !== 'float32') throw new InputError(`${t.name} is ${t.dtype}; only float32 weights are folded`);
  }
}

/** Values of a constant broadcast to `n` elements (a scalar or an n-vector). */
export function perChannel(t: Tensor, n: number): Float64Array {
  const v = tensorToNumbers(t);
  if (v.length === n) return v;
  if (v.length === 1) return new Float64Array(n).fill(v[0]!);
  throw new InputError(`${t.name} has ${v.length} values; expected 1 or ${n}`);
}

/** A float32 weight's values without a float64 copy (weights can be megabytes). */
function float32Values(t: Tensor): Float32Array {
  return t.dtype === 'float32' && t.data.kind === 'raw' ? (tensorData(t) as Float32Array) : Float32Array.from(tensorToNumbers(t));
}

/** Scales slice k along axis 0 of `t` by factor[k] (a Conv weight's output channels). */
export function scaleAxis0(name: string, t: Tensor, factor: Float64Array): Tensor {
  const v = float32Values(t);
  const rows = t.dims[0]!;
  const per = numElements(t.dims) / rows;
  const out = new Float32Array(v.length);
  for (let r = 0; r < rows; r++) {
    const f = factor[r]!;
    for (let i = r * per, end = i + per; i < end; i++) out[i] = v[i]! * f;
  }
  return makeTensor(name, 'float32', t.dims, out);
}

/** Scales slice k along axis 1 (ConvTranspose weights [Cin, Cout/group, ...], Gemm B with transB=0). */
export function scaleAxis1(name: string, t: Tensor, factor: Float64Array, group = 1): Tensor {
  const v = float32Values(t);
  const [d0, d1] = [t.dims[0]!, t.dims[1]!];
  const per = numElements(t.dims) / (d0 * d1);
  const perGroupIn = d0 / group;
  const out = new Float32Array(v.length);
  for (let i = 0; i < d0; i++) {
    const g = Math.floor(i / perGroupIn);
    for (let j = 0; j < d1; j++) {
      const f = factor[g * d1 + j]!;
      for (let k = (i * d1 + j) * per, end = k + per; k < end; k++) out[k] = v[k]! * f;
    }
  }
  return makeTensor(name, 'float32', t.dims, out);
}

export function vector(name: string, values: ArrayLike<number>): Tensor {
  return tensorFromNumbers(name, 'float32', [values.length], values);
}

/** A float for an explanation: short but exact enough to recognise. */
export function num(x: number): string {
  return Number.isInteger(x) ? String(x) : Number(x.toPrecision(4)).toString();
}

/**
 * The per-channel values of a constant that is combined elementwise with a tensor of `rank` dims
 * whose axis `axis` has `channels` entries: a scalar, or a tensor whose dims (aligned from the
 * right, as broadcasting aligns them) are 1 everywhere except `channels` at `axis`. Undefined
 * when the constant varies along another axis or would broadcast the tensor to a larger shape.
 */
export function channelValues(t: Tensor, rank: number, axis: number, channels: number): Float64Array | undefined {
  if (t.data.kind !== 'raw' || t.dims.length > rank) return undefined;
  const offset = rank - t.dims.length;
  for (let i = 0; i < t.dims.length; i++) {
    const d = t.dims[i]!;
    if (d !== 1 && !(i + offset === axis && d === channels)) return undefined;
  }
  const v = tensorToNumbers(t);
  return v.length === channels ? v : new Float64Array(channels).fill(v[0]!);
}
