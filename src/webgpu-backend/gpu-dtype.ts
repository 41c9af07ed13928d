// How each ONNX element type is stored in GPU memory. WGSL has f32, f16 (with 'shader-f16'), i32
// and u32 only, so the backend picks one representation per dtype and converts at the edges
// (upload of inputs and weights, read-back of outputs; see gpu-convert.ts):
//
//   float32  f32
//   float16  f16 where the device has 'shader-f16'; else f32 ("emulated": converted on upload,
//            rounded back to float16 on read-back, so intermediate values carry more precision)
//   int32    i32
//   int64    i32 (narrowed): constants are range-checked at compile time, inputs at upload;
//            kernel arithmetic wraps at 32 bits where onnxruntime's would not
//   uint32   u32
//   bool     u32, one element per word (0 or 1): kernels read and write it like any u32
//   int8     packed 4 per u32 word (element i is byte i % 4 of word i / 4, the ONNX byte order),
//   uint8    so the bytes upload as they are; lanes are i32 / u32 once unpacked (wgsl/int8.ts)
//
// Everything else (float64, bfloat16, int16, uint64, float8, strings...) has no representation.
import type { DType } from '../ir/dtype.ts';
import type { AdapterProfile } from './adapter-profile.ts';

export type WgslScalar = 'f32' | 'f16' | 'i32' | 'u32';

export interface GpuDtype {
  readonly dtype: DType;
  /** The WGSL element type (for packed dtypes: the type of one unpacked lane). */
  readonly scalar: WgslScalar;
  /** Four elements per u32 word (int8, uint8): bind as array<u32>, write whole words. */
  readonly packed: boolean;
  /** Bytes per element in GPU memory (1 for packed types). */
  readonly bytes: number;
  /** How the GPU form differs from the ONNX one, where it does. */
  readonly note?: string;
}

export type GpuDtypeResult = GpuDtype | { readonly reason: string };

/** The GPU representation of `dtype` on a device with this profile, or why there is none. */
export function gpuDtype(dtype: DType, profile: Pick<AdapterProfile, 'shaderF16'>): GpuDtypeResult {
  switch (dtype) {
    case 'float32':
      return { dtype, scalar: 'f32', packed: false, bytes: 4 };
    case 'float16':
      return profile.shaderF16
        ? { dtype, scalar: 'f16', packed: false, bytes: 2 }
        : { dtype, scalar: 'f32', packed: false, bytes: 4, note: "computed in f32 (the device has no 'shader-f16'), rounded to float16 on read-back" };
    case 'int32':
      return { dtype, scalar: 'i32', packed: false, bytes: 4 };
    case 'int64':
      return { dtype, scalar: 'i32', packed: false, bytes: 4, note: 'narrowed to int32 on the GPU' };
    case 'uint32':
      return { dtype, scalar: 'u32', packed: false, bytes: 4 };
    case 'bool':
      return { dtype, scalar: 'u32', packed: false, bytes: 4, note: 'one u32 per element' };
    case 'int8':
      return { dtype, scalar: 'i32', packed: true, bytes: 1 };
    case 'uint8':
      return { dtype, scalar: 'u32', packed: true, bytes: 1 };
    default:
      return { reason: `${dtype} tensors have no WebGPU representation in Kiln` };
  }
}

export function isGpuDtype(r: GpuDtypeResult): r is GpuDtype {
  return !('reason' in r);
}

/** Like gpuDtype, for callers that checked legality already. */
export function requireGpuDtype(dtype: DType, profile: Pick<AdapterProfile, 'shaderF16'>): GpuDtype {
  const r = gpuDtype(dtype, profile);
  if (!isGpuDtype(r)) throw new Error(r.reason);
  return r;
}

/** Bytes `count` elements occupy on the GPU: whole u32 words, so packed tensors round up. */
export function gpuByteLength(g: GpuDtype, count: number): number {
  return Math.ceil((count * g.bytes) / 4) * 4;
}

/** Dtypes some tensor can hold on the GPU with every profile (float16 included, emulated or not). */
export const GPU_DTYPES: readonly DType[] = ['float32', 'float16', 'int32', 'int64', 'uint32', 'bool', 'int8', 'uint8'];
