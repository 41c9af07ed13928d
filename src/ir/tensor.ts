// Tensor data helpers. Tensor bytes are little-endian (every platform Kiln runs on is); typed
// array views are returned without copying whenever the bytes are suitably aligned.
import { dtypeSize, type DType } from './dtype.ts';
import type { Tensor } from './types.ts';
import { float16ToFloat32, bfloat16ToFloat32, float32ToFloat16Bits } from './float16.ts';

export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export function numElements(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** Bytes the tensor's elements occupy (strings: the sum of their lengths). */
export function tensorByteLength(t: Tensor): number {
  if (t.data.kind === 'strings') return t.data.values.reduce((s, v) => s + v.length, 0);
  return Math.ceil(numElements(t.dims) * dtypeSize(t.dtype));
}

type ArrayCtor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray; BYTES_PER_ELEMENT: number };

/** The typed array that holds a dtype's raw element bits (float16 as Uint16Array bits, bool as Uint8Array). */
export function storageArrayType(dtype: DType): ArrayCtor | undefined {
  switch (dtype) {
    case 'float32':
      return Float32Array as unknown as ArrayCtor;
    case 'float64':
      return Float64Array as unknown as ArrayCtor;
    case 'int8':
      return Int8Array as unknown as ArrayCtor;
    case 'uint8':
    case 'bool':
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz':
    case 'float8e8m0':
    case 'int4':
    case 'uint4':
    case 'float4e2m1':
    case 'uint2':
    case 'int2':
      return Uint8Array as unknown as ArrayCtor;
    case 'int16':
      return Int16Array as unknown as ArrayCtor;
    case 'uint16':
    case 'float16':
    case 'bfloat16':
      return Uint16Array as unknown as ArrayCtor;
    case 'int32':
      return Int32Array as unknown as ArrayCtor;
    case 'uint32':
      return Uint32Array as unknown as ArrayCtor;
    case 'int64':
      return BigInt64Array as unknown as ArrayCtor;
    case 'uint64':
      return BigUint64Array as unknown as ArrayCtor;
    case 'complex64':
      return Float32Array as unknown as ArrayCtor;
    case 'complex128':
      return Float64Array as unknown as ArrayCtor;
    default:
      return undefined;
  }
}

/** A typed array over raw little-endian bytes: a view when aligned, else an aligned copy. */
export function viewBytes(bytes: Uint8Array, dtype: DType): TypedArray {
  const Ctor = storageArrayType(dtype);
  if (!Ctor) throw new Error(`no typed array for dtype ${dtype}`);
  const per = Ctor.BYTES_PER_ELEMENT;
  const length = Math.floor(bytes.byteLength / per);
  if (bytes.byteOffset % per === 0) return new Ctor(bytes.buffer, bytes.byteOffset, length);
  const copy = new Uint8Array(length * per);
  copy.set(bytes.subarray(0, length * per));
  return new Ctor(copy.buffer, 0, length);
}

/** The tensor's elements in their storage type (float16 as raw Uint16 bits). */
export function tensorData(t: Tensor): TypedArray {
  if (t.data.kind !== 'raw') throw new Error(`tensor '${t.name}' holds ${t.data.kind} data, not numbers`);
  return viewBytes(t.data.bytes, t.dtype);
}

/** The tensor's elements as float64 numbers (decoding float16/bfloat16; int64 may lose precision). */
export function tensorToNumbers(t: Tensor): Float64Array {
  const data = tensorData(t);
  const out = new Float64Array(t.dtype.startsWith('complex') ? data.length : numElements(t.dims));
  if (t.dtype === 'float16') for (let i = 0; i < out.length; i++) out[i] = float16ToFloat32(data[i] as number);
  else if (t.dtype === 'bfloat16') for (let i = 0; i < out.length; i++) out[i] = bfloat16ToFloat32(data[i] as number);
  else for (let i = 0; i < out.length; i++) out[i] = Number(data[i]);
  return out;
}

/** Bytes of a typed array, as a view (no copy). */
export function bytesOf(array: TypedArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

export function makeTensor(name: string, dtype: DType, dims: readonly number[], values: TypedArray): Tensor {
  const expected = numElements(dims) * (dtype.startsWith('complex') ? 2 : 1);
  if (values.length !== expected) {
    throw new Error(`tensor '${name}': ${values.length} values for dims [${dims.join(',')}]`);
  }
  return { name, dtype, dims: [...dims], data: { kind: 'raw', bytes: bytesOf(values) } };
}

/** Builds a tensor from plain numbers, converting to the dtype's storage (float16 via rounding). */
export function tensorFromNumbers(name: string, dtype: DType, dims: readonly number[], values: ArrayLike<number>): Tensor {
  const Ctor = storageArrayType(dtype);
  if (!Ctor) throw new Error(`cannot build a ${dtype} tensor from numbers`);
  const n = values.length;
  let out: TypedArray;
  if (dtype === 'float16') {
    const bits = new Uint16Array(n);
    for (let i = 0; i < n; i++) bits[i] = float32ToFloat16Bits(values[i]!);
    out = bits;
  } else if (dtype === 'int64') {
    const a = new BigInt64Array(n);
    for (let i = 0; i < n; i++) a[i] = BigInt(Math.trunc(values[i]!));
    out = a;
  } else if (dtype === 'uint64') {
    const a = new BigUint64Array(n);
    for (let i = 0; i < n; i++) a[i] = BigInt(Math.trunc(values[i]!));
    out = a;
  } else if (dtype === 'bool') {
    const a = new Uint8Array(n);
    for (let i = 0; i < n; i++) a[i] = values[i] ? 1 : 0;
    out = a;
  } else {
    const a = new (Ctor as unknown as { new (n: number): TypedArray })(n);
    for (let i = 0; i < n; i++) (a as Float64Array)[i] = values[i]!;
    out = a;
  }
  return makeTensor(name, dtype, dims, out);
}

export interface TensorStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly zeros: number;
  readonly nonFinite: number;
}

/** Summary statistics of a numeric tensor (what the inspector shows for a weight). */
export function tensorStats(t: Tensor): TensorStats | undefined {
  if (t.data.kind !== 'raw' || t.dtype === 'string' || t.dtype.startsWith('complex')) return undefined;
  if (!storageArrayType(t.dtype) || dtypeSize(t.dtype) < 1) return undefined;
  const v = tensorToNumbers(t);
  let min = Infinity, max = -Infinity, sum = 0, sq = 0, zeros = 0, nonFinite = 0, count = 0;
  for (const x of v) {
    if (!Number.isFinite(x)) { nonFinite++; continue; }
    if (x === 0) zeros++;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
    sq += x * x;
    count++;
  }
  const mean = count ? sum / count : 0;
  const variance = count ? Math.max(0, sq / count - mean * mean) : 0;
  return { count: v.length, min: count ? min : NaN, max: count ? max : NaN, mean, std: Math.sqrt(variance), zeros, nonFinite };
}
