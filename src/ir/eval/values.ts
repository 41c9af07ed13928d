// Element access for the CPU evaluator. Arithmetic sees plain numbers for every dtype except the
// 64-bit integers, which stay bigints so shape math (int64 everywhere in ONNX) is exact.
// Data-movement ops never decode: they copy storage elements by index, whatever the dtype.
import { storageArrayType, numElements, tensorData, tensorToNumbers, makeTensor, type TypedArray } from '../tensor.ts';
import { float32ToFloat16Bits } from '../float16.ts';
import type { DType } from '../dtype.ts';
import type { Node, Tensor } from '../types.ts';
import { InputError } from '../errors.ts';

export type Values = Float64Array | BigInt64Array | BigUint64Array;

/** Dtypes the evaluator computes with (others, such as strings and float8, it only moves or rejects). */
const NUMERIC: ReadonlySet<DType> = new Set<DType>([
  'float32', 'float16', 'float64', 'bfloat16', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool',
]);

export function isBigDType(dtype: DType): boolean {
  return dtype === 'int64' || dtype === 'uint64';
}

export function evalError(node: Pick<Node, 'id' | 'opType'>, message: string): InputError {
  return new InputError(`${node.opType} '${node.id}': ${message}`, node.id);
}

export function checkNumeric(node: Pick<Node, 'id' | 'opType'>, t: Tensor): void {
  if (!NUMERIC.has(t.dtype)) throw evalError(node, `cannot compute with ${t.dtype} tensors`);
  if (t.data.kind !== 'raw') throw evalError(node, `tensor '${t.name}' holds ${t.data.kind} data, not numbers`);
}

/** The elements for arithmetic: bigints for int64/uint64, float64 numbers otherwise. */
export function valuesOf(node: Pick<Node, 'id' | 'opType'>, t: Tensor): Values {
  checkNumeric(node, t);
  if (isBigDType(t.dtype)) return tensorData(t) as BigInt64Array | BigUint64Array;
  return tensorToNumbers(t);
}

/** Rounds to bfloat16 the way converters do: nearest, ties to even, NaN kept quiet. */
function float32ToBfloat16Bits(value: number): number {
  const f = new Float32Array([value]);
  const bits = new Uint32Array(f.buffer)[0]!;
  if (Number.isNaN(value)) return (bits >>> 16) | 0x40;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

/** Builds a tensor of `dtype` from computed values (numbers or bigints), rounding or wrapping as the dtype does. */
export function tensorOf(name: string, dtype: DType, dims: readonly number[], values: ArrayLike<number | bigint>): Tensor {
  const n = values.length;
  const Ctor = storageArrayType(dtype);
  if (!Ctor || !NUMERIC.has(dtype)) throw new InputError(`cannot build a ${dtype} tensor '${name}'`);
  const out = new (Ctor as unknown as new (n: number) => TypedArray)(n);
  if (isBigDType(dtype)) {
    const big = out as BigInt64Array | BigUint64Array;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      big[i] = typeof v === 'bigint' ? v : BigInt(Number.isFinite(v) ? Math.trunc(v) : 0);
    }
  } else if (dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = float32ToFloat16Bits(Number(values[i]));
  } else if (dtype === 'bfloat16') {
    for (let i = 0; i < n; i++) out[i] = float32ToBfloat16Bits(Number(values[i]));
  } else if (dtype === 'bool') {
    for (let i = 0; i < n; i++) out[i] = values[i] ? 1 : 0;
  } else if (dtype === 'float32' || dtype === 'float64') {
    const f = out as Float32Array | Float64Array;
    for (let i = 0; i < n; i++) f[i] = Number(values[i]);
  } else {
    // Typed-array stores truncate toward zero and wrap modulo 2^bits, like two's-complement casts.
    const a = out as Int32Array;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      a[i] = typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : v;
    }
  }
  return makeTensor(name, dtype, dims, out);
}

/** A tensor whose element i is the source's storage element index[i]: any dtype, no decoding. */
export function takeElements(name: string, source: Tensor, dims: readonly number[], index: ArrayLike<number>): Tensor {
  if (source.data.kind === 'strings') {
    const values = source.data.values;
    return { name, dtype: source.dtype, dims: [...dims], data: { kind: 'strings', values: Array.from({ length: index.length }, (_, i) => values[index[i]!]!) } };
  }
  const src = tensorData(source);
  if (source.dtype === 'int4' || source.dtype === 'uint4' || source.dtype === 'float4e2m1') throw new InputError(`cannot rearrange packed 4-bit tensor '${source.name}'`);
  const out = new (src.constructor as new (n: number) => TypedArray)(index.length);
  for (let i = 0; i < index.length; i++) out[i] = src[index[i]!]!;
  return makeTensor(name, source.dtype, dims, out);
}

/** The same elements under new dims (Reshape, Squeeze…): shares the bytes, copies nothing. */
export function withDims(name: string, source: Tensor, dims: readonly number[]): Tensor {
  if (numElements(dims) !== numElements(source.dims)) throw new InputError(`cannot view ${source.dims.length ? `[${source.dims}]` : 'a scalar'} as [${dims}]`);
  return { name, dtype: source.dtype, dims: [...dims], data: source.data };
}

/** Reads an integer tensor (shape, axes, indices…) as safe JS numbers. */
export function intsOf(node: Pick<Node, 'id' | 'opType'>, t: Tensor, what: string): number[] {
  if (t.dtype !== 'int64' && t.dtype !== 'int32' && t.dtype !== 'int16' && t.dtype !== 'int8' && t.dtype !== 'uint8' && t.dtype !== 'uint32' && t.dtype !== 'uint64' && t.dtype !== 'uint16') {
    throw evalError(node, `${what} must be an integer tensor, got ${t.dtype}`);
  }
  const data = tensorData(t);
  const out: number[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // INT64_MAX/MIN ("to the end") stay ordered after conversion; clamping code handles them.
    out[i] = typeof v === 'bigint' ? (v > 9007199254740991n ? Number.MAX_SAFE_INTEGER : v < -9007199254740991n ? -Number.MAX_SAFE_INTEGER : Number(v)) : v;
  }
  return out;
}

/** Makes an axis non-negative, checking it against the rank. */
export function normalizeAxis(node: Pick<Node, 'id' | 'opType'>, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) throw evalError(node, `axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

export function stridesOf(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let s = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= dims[i]!;
  }
  return strides;
}

export function formatDims(dims: readonly number[]): string {
  return `[${dims.join(',')}]`;
}
