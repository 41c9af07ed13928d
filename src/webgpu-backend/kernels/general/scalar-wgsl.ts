// WGSL for one element of an elementwise op: the value types kernels compute in, conversions,
// literals and the helper functions the op table (scalar-ops-wgsl.ts) calls. Floats are computed
// in f32 whatever their storage (float16 widens on load and narrows on store); int32 and int64
// are i32 (int64 runs as int32 on the GPU), uint32 u32, bool a WGSL bool between loads and stores.
import type { DType } from '../../../ir/dtype.ts';

export type ValueType = 'f32' | 'i32' | 'u32' | 'bool';

/** A WGSL expression and its type. */
export interface Value {
  readonly code: string;
  readonly type: ValueType;
}

/** The type an ONNX dtype computes in, or undefined where no kernel computes it. */
export function valueTypeOf(dtype: DType): ValueType | undefined {
  switch (dtype) {
    case 'float32':
    case 'float16':
    case 'float64':
    case 'bfloat16':
      return 'f32';
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return 'i32';
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return 'u32';
    case 'bool':
      return 'bool';
    default:
      return undefined;
  }
}

/** `v` as a value of type `to` (ONNX Cast semantics: bool is x != 0, floats truncate to integers). */
export function convert(v: Value, to: ValueType): string {
  if (v.type === to) return v.code;
  if (to === 'bool') return `(${v.code} != ${zeroOf(v.type)})`;
  if (v.type === 'bool') return `select(${zeroOf(to)}, ${oneOf(to)}, ${v.code})`;
  return `${to}(${v.code})`;
}

const zeroOf = (t: ValueType) => (t === 'f32' ? '0.0f' : t === 'i32' ? '0i' : t === 'u32' ? '0u' : 'false');
const oneOf = (t: ValueType) => (t === 'f32' ? '1.0f' : t === 'i32' ? '1i' : t === 'u32' ? '1u' : 'true');

/**
 * A literal of type `type`. Non-finite floats cannot be WGSL literals (a constant expression that
 * is infinite or NaN does not compile), so they are made at run time by helper functions.
 */
export function literal(x: number, type: ValueType, need: (helper: HelperName) => void): string {
  if (type === 'bool') return x ? 'true' : 'false';
  if (type === 'f32') {
    if (Number.isNaN(x)) return (need('nan'), 'kNaN()');
    const f = Math.fround(x);
    if (!Number.isFinite(f)) return (need('inf'), f > 0 ? 'kInf()' : '(-kInf())');
    const text = String(Math.abs(f));
    const lit = `${text}${/[.e]/.test(text) ? '' : '.0'}f`;
    // Negative literals are parenthesized so that `-x` of one never reads as `--`.
    return f < 0 || Object.is(f, -0) ? `(-${lit})` : lit;
  }
  const n = Math.trunc(x);
  if (type === 'u32') return `${Math.min(Math.max(n, 0), 0xffffffff)}u`;
  const i = Math.min(Math.max(n, -2147483648), 2147483647);
  return i === -2147483648 ? '(-2147483647i - 1i)' : i < 0 ? `(${i}i)` : `${i}i`;
}

// params.v[0].x & 0u is a run-time zero: it keeps the bit patterns below out of constant
// evaluation, which rejects infinities and NaNs.
export const HELPERS = {
  inf: 'fn kInf() -> f32 { return bitcast<f32>(0x7f800000u | (params.v[0].x & 0u)); }',
  nan: 'fn kNaN() -> f32 { return bitcast<f32>(0x7fc00000u | (params.v[0].x & 0u)); }',
  isnan: 'fn isNaN(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }',
  isinf: 'fn isInf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }',
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), as the Erf kernel: WGSL has no erf.
  erf: `fn erfF(x: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.3275911 * abs(x));
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign(x) * (1.0 - poly * exp(-x * x));
}`,
  // log(1 + e) without losing e when it is tiny: a short series below 0.01 (some drivers' log
  // is off by ~1e-7 near 1, all of a tiny result), else log(u) · e / (u - 1) corrects u's rounding.
  log1p: `fn log1pF(e: f32) -> f32 {
  if (abs(e) < 0.01) { return e * (1.0 - e * (0.5 - e * (1.0 / 3.0 - e * 0.25))); }
  let u = 1.0 + e;
  if (u == 1.0) { return e; }
  return log(u) * e / (u - 1.0);
}`,
  // Stable for both signs: x + log1p(exp(-x)) above 0, log1p(exp(x)) below.
  softplus: `fn softplusF(x: f32) -> f32 {
  if (x > 0.0) { return x + log1pF(exp(-x)); }
  return log1pF(exp(x));
}`,
  // x·tanh(softplus(x)) as x·n / (n + 2) with n = eˣ(eˣ + 2): the same value without tanh's
  // cancellation near 0, so |mish(x)| keeps its relative precision where x is very negative.
  mish: `fn mishF(x: f32) -> f32 {
  if (x > 20.0) { return x; }
  let e = exp(x);
  let n = e * (e + 2.0);
  return x * n / (n + 2.0);
}`,
  // WGSL's pow is undefined for negative bases; ONNX Pow is defined for integer exponents.
  pow: `fn powF(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (x >= 0.0) { return pow(x, y); }
  if (y != floor(y)) { return pow(x, y); }
  let r = pow(-x, y);
  return select(r, -r, y * 0.5 != floor(y * 0.5));
}`,
  // sin/cos/tan with Cody-Waite range reduction to [-π/4, π/4] and Cephes' minimax polynomials
  // (about 1 ulp): Vulkan lets a driver's sin be off by 2^-11 absolute, and SwiftShader is.
  // π/2 is split in three parts so that k·part is exact for |k| < 2^15.
  trig: `fn trigReduce(x: f32) -> vec3<f32> {
  let k = round(x * 0.63661977236758134);
  let r = ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.54978995489188216e-8;
  let z = r * r;
  let s = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  let c = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  return vec3<f32>(s, c, f32(i32(k) & 3));
}
fn sinF(x: f32) -> f32 {
  let t = trigReduce(x);
  let q = u32(t.z);
  return select(select(-t.y, -t.x, q == 2u), select(t.y, t.x, q == 0u), q < 2u);
}
fn cosF(x: f32) -> f32 {
  let t = trigReduce(x);
  let q = u32(t.z);
  return select(select(t.x, -t.y, q == 2u), select(-t.x, t.y, q == 0u), q < 2u);
}
fn tanF(x: f32) -> f32 {
  let t = trigReduce(x);
  return select(-t.y / t.x, t.x / t.y, (u32(t.z) & 1u) == 0u);
}`,
  // Tanh like the Tanh kernel: clamped (some drivers build tanh from exp and overflow), and a
  // short series near 0, where such builtins lose the relative precision of tiny results.
  tanh: `fn tanhF(x: f32) -> f32 {
  if (abs(x) < 0.05) { let x2 = x * x; return x * (1.0 - x2 * (1.0 / 3.0 - x2 * (2.0 / 15.0))); }
  return tanh(clamp(x, -10.0, 10.0));
}`,
  maxnan: 'fn maxF(a: f32, b: f32) -> f32 { if (isNaN(a) || isNaN(b)) { return a + b; } return max(a, b); }',
  minnan: 'fn minF(a: f32, b: f32) -> f32 { if (isNaN(a) || isNaN(b)) { return a + b; } return min(a, b); }',
  // Integer Mod with fmod = 0 takes the divisor's sign (Python's %); WGSL's % truncates.
  imod: `fn modI(a: i32, b: i32) -> i32 {
  let r = a % b;
  return select(r, r + b, r != 0i && ((r < 0i) != (b < 0i)));
}`,
  // Rounds to the nearest float16 inside f32 (Cast to float16 where float16 is emulated).
  f16round: `fn roundF16(x: f32) -> f32 {
  if (abs(x) < 65520.0) { return unpack2x16float(pack2x16float(vec2<f32>(x, 0.0))).x; }
  let bits = bitcast<u32>(x);
  if ((bits & 0x7fffffffu) > 0x7f800000u) { return x; }
  return bitcast<f32>((bits & 0x80000000u) | 0x7f800000u);
}`,
} as const;

export type HelperName = keyof typeof HELPERS;

/** Helpers that call other helpers. */
const REQUIRES: Partial<Record<HelperName, readonly HelperName[]>> = { softplus: ['log1p'], maxnan: ['isnan'], minnan: ['isnan'] };

/** The WGSL of the helpers used, dependencies included, in a fixed order. */
export function helperSource(used: ReadonlySet<HelperName>): string {
  const all = new Set<HelperName>();
  const add = (h: HelperName) => {
    all.add(h);
    for (const r of REQUIRES[h] ?? []) add(r);
  };
  used.forEach(add);
  return (Object.keys(HELPERS) as HelperName[]).filter((h) => all.has(h)).map((h) => HELPERS[h]).join('\n');
}
