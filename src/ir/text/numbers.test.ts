// Float text must round-trip exactly: every float16 and bfloat16 bit pattern, a large sample of
// float32 ones, and the awkward values (subnormals, extremes, -0, NaN, infinities).
import { describe, expect, it } from 'vitest';
import { float32ToFloat16Bits } from '../float16.ts';
import { seededRandom } from '../../reference/random-inputs.ts';
import { float32ToBfloat16Bits, formatBfloat16Bits, formatFloat16Bits, formatFloat32, formatFloat64, parseFloatText } from './numbers.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fromBits = (bits: number) => ((u32[0] = bits), f32[0]!);
const toBits = (x: number) => ((f32[0] = x), u32[0]!);

describe('float formatting', () => {
  it('writes the shortest decimal that reads back to the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    expect(formatFloat32(100)).toBe('100');
    expect(formatFloat32(1e-7)).toBe('1e-7');
    expect(formatFloat32(fromBits(0x7f7fffff))).toBe('3.4028235e+38');
    expect(formatFloat32(fromBits(1))).toBe('1e-45');
    expect(formatFloat32(-0)).toBe('-0');
    expect(formatFloat32(NaN)).toBe('nan');
    expect(formatFloat32(-Infinity)).toBe('-inf');
  });

  it('round-trips 200,000 random float32 bit patterns and the edge cases', () => {
    const random = seededRandom(11);
    const patterns = [0, 0x80000000, 1, 0x807fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000];
    for (let i = 0; i < 200_000; i++) patterns.push(Math.floor(random() * 2 ** 32));
    for (const bits of patterns) {
      if ((bits & 0x7fffffff) > 0x7f800000) continue; // NaN payloads are not kept (see tensor-values)
      const text = formatFloat32(fromBits(bits));
      const back = toBits(Math.fround(parseFloatText(text)));
      if (back !== bits) expect.fail(`0x${bits.toString(16)} printed as ${text} reads back as 0x${back.toString(16)}`);
      if (text.length > 15) expect.fail(`${text} is longer than any float32 needs`);
    }
  });

  it('round-trips every float16 bit pattern (NaN keeps its sign)', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const isNan = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      const text = formatFloat16Bits(bits);
      if (isNan) {
        expect(text).toBe(bits & 0x8000 ? '-nan' : 'nan');
        continue;
      }
      const back = float32ToFloat16Bits(parseFloatText(text));
      if (back !== bits) expect.fail(`float16 0x${bits.toString(16)} printed as ${text} reads back as 0x${back.toString(16)}`);
    }
    expect(formatFloat16Bits(0x3c00)).toBe('1');
    expect(formatFloat16Bits(0x3555)).toBe('0.3333');
    expect(formatFloat16Bits(0x0001)).toBe('6e-8');
  });

  it('round-trips every bfloat16 bit pattern', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7f80) === 0x7f80 && (bits & 0x7f) !== 0) continue;
      const text = formatBfloat16Bits(bits);
      const back = float32ToBfloat16Bits(parseFloatText(text));
      if (back !== bits) expect.fail(`bfloat16 0x${bits.toString(16)} printed as ${text} reads back as 0x${back.toString(16)}`);
    }
    expect(formatBfloat16Bits(0x3f80)).toBe('1');
  });

  it('rounds float32 to bfloat16 to nearest even', () => {
    expect(float32ToBfloat16Bits(fromBits(0x3f808000))).toBe(0x3f80); // tie, even stays
    expect(float32ToBfloat16Bits(fromBits(0x3f818000))).toBe(0x3f82); // tie, odd rounds up
    expect(float32ToBfloat16Bits(fromBits(0x3f808001))).toBe(0x3f81);
  });

  it('writes float64 with JavaScript\'s shortest round-trip form', () => {
    expect(formatFloat64(0.1)).toBe('0.1');
    expect(formatFloat64(Number.MIN_VALUE)).toBe('5e-324');
    expect(parseFloatText(formatFloat64(Math.PI))).toBe(Math.PI);
    expect(parseFloatText('-Infinity')).toBe(-Infinity);
  });
});
