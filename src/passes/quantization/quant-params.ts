// Quantization arithmetic shared by the int8 passes: scales and zero points from a range, and
// weights quantized per output channel. ONNX's QuantizeLinear is y = saturate(round(x / s) + zp)
// with round-half-to-even and a float32 scale, so scales are rounded to float32 before use.
import { InputError } from '../../ir/errors.ts';
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Tensor } from '../../ir/types.ts';

export type QuantType = 'uint8' | 'int8';

export interface QuantParams {
  /** A float32 value. */
  readonly scale: number;
  readonly zeroPoint: number;
  readonly type: QuantType;
}

export const QUANT_LIMITS: Readonly<Record<QuantType, readonly [number, number]>> = { uint8: [0, 255], int8: [-128, 127] };

/** Rounds half to even, as QuantizeLinear does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function quantize(x: number, p: QuantParams): number {
  const [lo, hi] = QUANT_LIMITS[p.type];
  return Math.min(hi, Math.max(lo, roundHalfEven(x / p.scale) + p.zeroPoint));
}

/**
 * Asymmetric parameters over [min, max] stretched to include 0 (so zero padding and ReLU zeros are
 * exact): uint8 activations in onnxruntime's QDQ format. A zero-width range gets scale 1.
 */
export function asymmetricParams(min: number, max: number, type: QuantType = 'uint8'): QuantParams {
  const [qmin, qmax] = QUANT_LIMITS[type];
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = Math.fround((hi - lo) / (qmax - qmin));
  if (!(scale > 0) || !Number.isFinite(scale)) return { scale: 1, zeroPoint: type === 'uint8' ? 0 : 0, type };
  const zeroPoint = Math.min(qmax, Math.max(qmin, roundHalfEven(qmin - lo / scale)));
  return { scale, zeroPoint, type };
}

/**
 * Symmetric parameters for values in [-absMax, absMax] over ±127 (never -128, so negation stays
 * exact: onnxruntime's symmetric int8 range). uint8 centres on 128.
 */
export function symmetricParams(absMax: number, type: QuantType = 'int8'): QuantParams {
  const scale = Math.fround(absMax / 127);
  return { scale: scale > 0 && Number.isFinite(scale) ? scale : 1, zeroPoint: type === 'uint8' ? 128 : 0, type };
}

export interface ChannelQuantized {
  /** int8 values, same dims as the weight. */
  readonly values: Int8Array;
  /** One float32 scale per channel along `axis`. */
  readonly scales: Float32Array;
  readonly axis: number;
}

/** Quantizes a float weight to symmetric int8 with one scale per slice along `axis`. */
export function quantizeWeightPerChannel(w: Tensor, axis: number): ChannelQuantized {
  if (w.dtype !== 'float32') throw new InputError(`weight ${w.name} is ${w.dtype}; only float32 weights are quantized`);
  if (axis < 0 || axis >= w.dims.length) throw new InputError(`weight ${w.name} has no axis ${axis}`);
  const v = tensorToNumbers(w);
  const channels = w.dims[axis]!;
  const inner = numElements(w.dims.slice(axis + 1));
  const absMax = new Float64Array(channels);
  for (let i = 0; i < v.length; i++) {
    const c = Math.floor(i / inner) % channels;
    const a = Math.abs(v[i]!);
    if (Number.isNaN(a) || a === Infinity) throw new InputError(`weight ${w.name} holds non-finite values; it cannot be quantized`);
    if (a > absMax[c]!) absMax[c] = a;
  }
  const params = Array.from(absMax, (m) => symmetricParams(m));
  const values = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) values[i] = quantize(v[i]!, params[Math.floor(i / inner) % channels]!);
  return { values, scales: Float32Array.from(params, (p) => p.scale), axis };
}

/** Moves axis 1 of a 2-D int8 matrix to axis 0 (a Gemm B with transB=1 becomes [K, N]). */
export function transposeInt8(values: Int8Array, rows: number, cols: number): Int8Array {
  const out = new Int8Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}

export function int8Tensor(name: string, dims: readonly number[], values: Int8Array): Tensor {
  return tensorFromNumbers(name, 'int8', dims, values);
}

export function scalarTensor(name: string, dtype: 'float32' | QuantType | 'int32', value: number): Tensor {
  return tensorFromNumbers(name, dtype, [], [value]);
}
