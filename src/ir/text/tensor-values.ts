// Tensor elements <-> the literals inside `{ ... }`. Floats are written as values (float16 and
// bfloat16 too, where onnx's printer writes raw bits: Kiln's text is for people), 8-bit and 4-bit
// floats as their bit patterns (as onnx does), 4-bit and 2-bit integers as values, complex
// numbers as re, im pairs.
import { dtypeSize, type DType } from '../dtype.ts';
import { float32ToFloat16Bits } from '../float16.ts';
import { numElements, storageArrayType, tensorData, type TypedArray } from '../tensor.ts';
import type { Tensor, TensorData } from '../types.ts';
import { quote } from './names.ts';
import { float32ToBfloat16Bits, formatBfloat16Bits, formatFloat16Bits, formatFloat32, formatFloat64, parseFloatText } from './numbers.ts';

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Number of literals a tensor of this dtype and shape is written with. */
export function literalCount(dtype: DType, dims: readonly number[]): number {
  return numElements(dims) * (dtype === 'complex64' || dtype === 'complex128' ? 2 : 1);
}

/** Bits per element of the packed sub-byte types (4-bit, 2-bit), else 0. */
function packedBits(dtype: DType): number {
  const size = dtypeSize(dtype);
  return size > 0 && size < 1 ? size * 8 : 0;
}

/** Signed packed integers (int4, int2) are written as values; the rest as their bit patterns. */
function isSignedPacked(dtype: DType): boolean {
  return dtype === 'int4' || dtype === 'int2';
}

function formatFloat32Bits(bits: number): string {
  if ((bits & 0x7fffffff) > 0x7f800000) return bits & 0x80000000 ? '-nan' : 'nan';
  u32[0] = bits;
  return formatFloat32(f32[0]!);
}

/** The tensor's elements as literal texts. Only for 'raw' and 'strings' data. */
export function formatTensorValues(t: Tensor): string[] {
  if (t.data.kind === 'strings') return t.data.values.map((v) => quote(utf8Decoder.decode(v)));
  if (t.data.kind !== 'raw') throw new Error(`tensor '${t.name}' has no inline values`);
  const count = literalCount(t.dtype, t.dims);
  const bits = packedBits(t.dtype);
  if (bits) {
    const bytes = t.data.bytes;
    const perByte = 8 / bits;
    const mask = (1 << bits) - 1;
    const signBit = 1 << (bits - 1);
    const out = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      const v = ((bytes[Math.floor(i / perByte)] ?? 0) >> ((i % perByte) * bits)) & mask;
      out[i] = String(isSignedPacked(t.dtype) && v & signBit ? v - (1 << bits) : v);
    }
    return out;
  }
  const data = tensorData(t);
  const out = new Array<string>(count);
  const format = formatterFor(t.dtype, data);
  for (let i = 0; i < count; i++) out[i] = format(i);
  return out;
}

function formatterFor(dtype: DType, data: TypedArray): (i: number) => string {
  switch (dtype) {
    case 'float32':
    case 'complex64': {
      const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
      return (i) => formatFloat32Bits(bits[i]!);
    }
    case 'float64':
    case 'complex128': {
      const words = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
      return (i) => {
        const x = data[i] as number;
        return Number.isNaN(x) && words[2 * i + 1]! & 0x80000000 ? '-nan' : formatFloat64(x);
      };
    }
    case 'float16':
      return (i) => formatFloat16Bits(data[i] as number);
    case 'bfloat16':
      return (i) => formatBfloat16Bits(data[i] as number);
    default:
      return (i) => String(data[i]);
  }
}

export type LiteralKind = 'int' | 'float' | 'string';

/** Collects literals into tensor bytes; `push` returns an error message when a literal does not fit. */
export interface ValueEncoder {
  push(kind: LiteralKind, text: string): string | undefined;
  finish(): TensorData;
}

export function makeValueEncoder(dtype: DType, count: number): ValueEncoder {
  if (dtype === 'string') {
    const values: Uint8Array[] = [];
    return {
      push: (kind, text) => (kind === 'string' ? void values.push(utf8Encoder.encode(text)) : 'expected a string'),
      finish: () => ({ kind: 'strings', values }),
    };
  }
  if (packedBits(dtype)) return packedEncoder(dtype, count);
  const Ctor = storageArrayType(dtype);
  if (!Ctor) throw new Error(`no storage for ${dtype}`);
  const array = new (Ctor as unknown as new (n: number) => TypedArray)(count);
  const store = storeFor(dtype, array);
  let n = 0;
  return {
    push(kind, text) {
      if (n >= count) return `more values than the ${count} its shape holds`;
      const problem = store(n, kind, text);
      if (problem === undefined) n++;
      return problem;
    },
    finish: () => ({ kind: 'raw', bytes: new Uint8Array(array.buffer, array.byteOffset, array.byteLength) }),
  };
}

type Store = (i: number, kind: LiteralKind, text: string) => string | undefined;

function storeFor(dtype: DType, array: TypedArray): Store {
  const isFloat = dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16' || dtype.startsWith('complex');
  if (isFloat) {
    const toBits = floatStorage(dtype, array);
    return (i, kind, text) => {
      if (kind === 'string') return 'expected a number';
      toBits(i, text);
      return undefined;
    };
  }
  const [min, max] = integerRange(dtype);
  const big = array instanceof BigInt64Array || array instanceof BigUint64Array;
  return (i, kind, text) => {
    if (kind !== 'int') return `expected an integer for ${dtype}`;
    const value = BigInt(text);
    if (value < min || value > max) return `${text} is out of range for ${dtype}`;
    if (big) (array as BigInt64Array)[i] = value;
    else (array as Int32Array)[i] = Number(value);
    return undefined;
  };
}

function floatStorage(dtype: DType, array: TypedArray): (i: number, text: string) => void {
  const negativeNan = (text: string) => text.startsWith('-') && text.slice(1).toLowerCase() === 'nan';
  switch (dtype) {
    case 'float16':
      return (i, text) => ((array as Uint16Array)[i] = negativeNan(text) ? 0xfe00 : float32ToFloat16Bits(parseFloatText(text)));
    case 'bfloat16':
      return (i, text) => ((array as Uint16Array)[i] = negativeNan(text) ? 0xffc0 : float32ToBfloat16Bits(parseFloatText(text)));
    case 'float32':
    case 'complex64': {
      const bits = new Uint32Array(array.buffer, array.byteOffset, array.length);
      return (i, text) => {
        if (negativeNan(text)) bits[i] = 0xffc00000;
        else (array as Float32Array)[i] = parseFloatText(text);
      };
    }
    default: {
      const words = new Uint32Array(array.buffer, array.byteOffset, array.length * 2);
      return (i, text) => {
        (array as Float64Array)[i] = parseFloatText(text);
        if (negativeNan(text)) words[2 * i + 1]! |= 0x80000000;
      };
    }
  }
}

function integerRange(dtype: DType): [bigint, bigint] {
  switch (dtype) {
    case 'int8': return [-128n, 127n];
    case 'int16': return [-32768n, 32767n];
    case 'int32': return [-(2n ** 31n), 2n ** 31n - 1n];
    case 'int64': return [-(2n ** 63n), 2n ** 63n - 1n];
    case 'uint16': return [0n, 65535n];
    case 'uint32': return [0n, 2n ** 32n - 1n];
    case 'uint64': return [0n, 2n ** 64n - 1n];
    default: return [0n, 255n]; // uint8, bool and the 8-bit float bit patterns
  }
}

/** Sub-byte elements, packed low bits first as ONNX stores them. */
function packedEncoder(dtype: DType, count: number): ValueEncoder {
  const bits = packedBits(dtype);
  const perByte = 8 / bits;
  const bytes = new Uint8Array(Math.ceil(count / perByte));
  const [min, max] = isSignedPacked(dtype) ? [-(1 << (bits - 1)), (1 << (bits - 1)) - 1] : [0, (1 << bits) - 1];
  let n = 0;
  return {
    push(kind, text) {
      if (n >= count) return `more values than the ${count} its shape holds`;
      if (kind !== 'int') return `expected an integer for ${dtype}`;
      const v = Number(text);
      if (v < min || v > max) return `${text} is out of range for ${dtype}`;
      bytes[Math.floor(n / perByte)]! |= (v & ((1 << bits) - 1)) << ((n % perByte) * bits);
      n++;
      return undefined;
    },
    finish: () => ({ kind: 'raw', bytes }),
  };
}
