// Storage vs arithmetic types for the vision kernels: tensors are stored as f32, or as f16 where
// the device has shader-f16; arithmetic is always f32 (accumulators, window sums, statistics).
// `load` widens what is read, `store` narrows what is written; both are the identity for f32.
import type { TensorInfo } from '../../op-def.ts';

export type FloatScalar = 'f32' | 'f16';

export function floatScalar(info: Pick<TensorInfo, 'gpu'>): FloatScalar {
  return info.gpu.scalar === 'f16' ? 'f16' : 'f32';
}

/** `expr` read from storage of type `t` as f32 (or vec4<f32>). */
export function load(t: FloatScalar, expr: string, vec4 = false): string {
  return t === 'f32' ? expr : vec4 ? `vec4<f32>(${expr})` : `f32(${expr})`;
}

/** An f32 (or vec4<f32>) `expr` as storage type `t`. */
export function store(t: FloatScalar, expr: string, vec4 = false): string {
  return t === 'f32' ? expr : vec4 ? `vec4<f16>(${expr})` : `f16(${expr})`;
}

/** The binding element type: `t` or vec4<t>. */
export function elem(t: FloatScalar, vec4: boolean): string {
  return vec4 ? `vec4<${t}>` : t;
}

export const XYZW = ['x', 'y', 'z', 'w'] as const;
export const LANES = [0, 1, 2, 3] as const;
