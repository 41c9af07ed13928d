// float32 constants to float16, with what did not fit said out loud: values beyond ±65504 (kept in
// float32, or clamped when asked) and non-zero values so small they would round to zero.
import { float32ToFloat16Bits } from '../../ir/float16.ts';
import { makeTensor, tensorToNumbers } from '../../ir/tensor.ts';
import type { Tensor } from '../../ir/types.ts';

export const FLOAT16_MAX = 65504;
/** The smallest positive float16 (a subnormal, 2^-24). */
export const FLOAT16_MIN_POSITIVE = 2 ** -24;

export interface Fp16Range {
  /** Finite values beyond ±65504. */
  readonly overflow: number;
  readonly maxAbs: number;
}

/** How many finite values of a float32 tensor float16 cannot hold, and the largest magnitude. */
export function fp16Range(t: Tensor): Fp16Range {
  let overflow = 0;
  let maxAbs = 0;
  for (const x of tensorToNumbers(t)) {
    const a = Math.abs(x);
    if (!Number.isFinite(a)) continue;
    if (a > maxAbs) maxAbs = a;
    if (a > FLOAT16_MAX) overflow++;
  }
  return { overflow, maxAbs };
}

export interface Fp16Conversion {
  readonly tensor: Tensor;
  /** Finite values clamped to ±65504. */
  readonly clamped: number;
  /** Non-zero values raised to ±2^-24 so they stay non-zero (an epsilon of 1e-12 must not become 0). */
  readonly raised: number;
}

/** The tensor in float16 under `name`. Infinities and NaN carry over; out-of-range finite values clamp. */
export function toFloat16(t: Tensor, name: string): Fp16Conversion {
  const v = tensorToNumbers(t);
  const bits = new Uint16Array(v.length);
  let clamped = 0;
  let raised = 0;
  for (let i = 0; i < v.length; i++) {
    let x = v[i]!;
    const a = Math.abs(x);
    if (Number.isFinite(x) && a > FLOAT16_MAX) {
      x = Math.sign(x) * FLOAT16_MAX;
      clamped++;
    } else if (a > 0 && a < FLOAT16_MIN_POSITIVE / 2) {
      x = Math.sign(x) * FLOAT16_MIN_POSITIVE;
      raised++;
    }
    bits[i] = float32ToFloat16Bits(x);
  }
  return { tensor: makeTensor(name, 'float16', t.dims, bits), clamped, raised };
}
