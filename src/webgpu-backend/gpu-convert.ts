// Host <-> GPU conversion of tensor bytes, following the representations of gpu-dtype.ts. Runs on
// graph inputs and weights before upload and on graph outputs after read-back.
import { InputError } from '../ir/errors.ts';
import { float16ToFloat32, float32ToFloat16Bits } from '../ir/float16.ts';
import { numElements, tensorData } from '../ir/tensor.ts';
import type { Tensor } from '../ir/types.ts';
import { gpuByteLength, type GpuDtype } from './gpu-dtype.ts';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The first element of an int64 tensor outside int32, or undefined when all fit. */
export function int64OutOfRange(t: Tensor): { index: number; value: bigint } | undefined {
  const data = tensorData(t) as BigInt64Array;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < INT32_MIN || v > INT32_MAX) return { index: i, value: v };
  }
  return undefined;
}

/** The tensor's elements as GPU memory holds them, padded to whole words (at least one). */
export function toGpuBytes(t: Tensor, g: GpuDtype, what = `tensor '${t.name}'`): Uint8Array {
  if (t.data.kind !== 'raw') throw new InputError(`${what} holds ${t.data.kind} data, not numbers`);
  const count = numElements(t.dims);
  const out = new Uint8Array(Math.max(4, gpuByteLength(g, count)));
  const src = tensorData(t);
  switch (t.dtype) {
    case 'int64': {
      const bad = int64OutOfRange(t);
      if (bad) throw new InputError(`${what} holds ${bad.value} at element ${bad.index}: int64 values must fit in int32 on the GPU`);
      const dst = new Int32Array(out.buffer, 0, count);
      for (let i = 0; i < count; i++) dst[i] = Number(src[i]!);
      return out;
    }
    case 'bool': {
      const dst = new Uint32Array(out.buffer, 0, count);
      for (let i = 0; i < count; i++) dst[i] = src[i] ? 1 : 0;
      return out;
    }
    case 'float16':
      if (g.scalar === 'f32') {
        const dst = new Float32Array(out.buffer, 0, count);
        for (let i = 0; i < count; i++) dst[i] = float16ToFloat32(src[i] as number);
        return out;
      }
      break;
  }
  // Every other representation is the ONNX little-endian layout itself.
  out.set(t.data.bytes.subarray(0, Math.min(t.data.bytes.byteLength, out.byteLength)));
  return out;
}

/** A tensor of the ONNX dtype from GPU memory holding `dims` elements in representation `g`. */
export function fromGpuBytes(name: string, dims: readonly number[], g: GpuDtype, gpu: Uint8Array): Tensor {
  const count = numElements(dims);
  const aligned = gpu.byteOffset % 4 === 0 ? gpu : gpu.slice();
  const words = () => new Int32Array(aligned.buffer, aligned.byteOffset, count);
  let bytes: Uint8Array;
  switch (g.dtype) {
    case 'int64': {
      const src = words();
      const dst = new BigInt64Array(count);
      for (let i = 0; i < count; i++) dst[i] = BigInt(src[i]!);
      bytes = new Uint8Array(dst.buffer);
      break;
    }
    case 'bool': {
      const src = words();
      bytes = new Uint8Array(count);
      for (let i = 0; i < count; i++) bytes[i] = src[i] ? 1 : 0;
      break;
    }
    case 'float16':
      if (g.scalar === 'f32') {
        const src = new Float32Array(aligned.buffer, aligned.byteOffset, count);
        const dst = new Uint16Array(count);
        for (let i = 0; i < count; i++) dst[i] = float32ToFloat16Bits(src[i]!);
        bytes = new Uint8Array(dst.buffer);
        break;
      }
      bytes = aligned.slice(0, count * 2);
      break;
    default:
      bytes = aligned.slice(0, count * g.bytes);
  }
  return { name, dtype: g.dtype, dims: [...dims], data: { kind: 'raw', bytes } };
}
