// Number formatting that round-trips: each float is written with the fewest significant digits
// that parse back to the very same bits in its own precision (float32, float16, bfloat16, float64).
// NaN and infinities are written `nan`, `-nan`, `inf`, `-inf`, as onnx's printer does.
import { bfloat16ToFloat32, float16ToFloat32, float32ToFloat16Bits } from '../float16.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 -> bfloat16 bits, rounding to nearest even (NaN stays a quiet NaN). */
export function float32ToBfloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) | 0x40) & 0xffff;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return undefined;
}

/**
 * The shortest decimal that `roundTrips`. Digits are monotone (every p-digit decimal is also a
 * (p+1)-digit one, so the nearest (p+1)-digit decimal is never farther), so binary search works.
 */
function shortest(x: number, maxDigits: number, roundTrips: (s: string) => boolean): string {
  let lo = 1;
  let hi = maxDigits;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (roundTrips(x.toPrecision(mid))) hi = mid;
    else lo = mid + 1;
  }
  let s = x.toPrecision(lo);
  // Only reached through double rounding at a tie; more digits always settle it.
  for (let p = lo + 1; !roundTrips(s) && p <= 17; p++) s = x.toPrecision(p);
  // The same digits, in whichever of the plain (`100`) and exponent (`7.195259e+15`) forms is shorter.
  const plain = String(Number(s));
  const exponent = Number(s).toExponential();
  return exponent.length < plain.length ? exponent : plain;
}

/** Shortest text that parses (as a double, then rounded to float32) to the same float32. */
export function formatFloat32(x: number): string {
  const s = special(x);
  if (s !== undefined) return s;
  const v = Math.fround(x);
  return shortest(v, 9, (t) => Math.fround(Number(t)) === v);
}

export function formatFloat64(x: number): string {
  return special(x) ?? String(x);
}

/** A float16 value from its bits, written shortest; `parseFloat16Bits(formatFloat16Bits(b)) === b`. */
export function formatFloat16Bits(bits: number): string {
  const x = float16ToFloat32(bits);
  const s = special(x);
  if (s !== undefined) return Number.isNaN(x) && bits & 0x8000 ? '-nan' : s;
  return shortest(x, 5, (t) => float32ToFloat16Bits(Number(t)) === bits);
}

export function formatBfloat16Bits(bits: number): string {
  const x = bfloat16ToFloat32(bits);
  const s = special(x);
  if (s !== undefined) return Number.isNaN(x) && bits & 0x8000 ? '-nan' : s;
  return shortest(x, 4, (t) => float32ToBfloat16Bits(Number(t)) === bits);
}

/** A float literal as text (`1.5`, `-2e-7`, `nan`, `-inf`, `infinity`) -> number. */
export function parseFloatText(text: string): number {
  const negative = text.startsWith('-');
  const body = (negative ? text.slice(1) : text).toLowerCase();
  if (body === 'nan') return negative ? -NaN : NaN;
  if (body === 'inf' || body === 'infinity') return negative ? -Infinity : Infinity;
  return Number(text);
}

/** Makes a float self-describing in an attribute: `1` would read back as an int, `1.0` does not. */
export function asFloatLiteral(text: string): string {
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}
