// Every dtype's inline values read back to the same bytes, through a whole printed model.
import { describe, expect, it } from 'vitest';
import { DTYPES, dtypeSize, type DType } from '../dtype.ts';
import { makeModel } from '../builder.ts';
import { numElements } from '../tensor.ts';
import type { Tensor } from '../types.ts';
import { seededRandom } from '../../reference/random-inputs.ts';
import { parseModel } from './parse.ts';
import { printModel } from './print.ts';

const random = seededRandom(5);

/** Random bytes, with NaN payloads made canonical (the text keeps a NaN's sign, not its payload). */
function randomTensor(dtype: DType, dims: number[]): Tensor {
  const count = numElements(dims);
  const bytes = new Uint8Array(Math.ceil(count * dtypeSize(dtype)));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  const unusedBits = (bytes.length * 8 - count * dtypeSize(dtype) * 8) % 8;
  if (unusedBits) bytes[bytes.length - 1]! &= 0xff >> unusedBits; // padding after the last packed element
  const view = new DataView(bytes.buffer);
  // [bytes per element, exponent mask, mantissa mask, sign bit, quiet NaN]
  const formats: Partial<Record<DType, readonly [number, number, number, number, number]>> = {
    float32: [4, 0x7f800000, 0x007fffff, 0x80000000, 0x7fc00000],
    complex64: [4, 0x7f800000, 0x007fffff, 0x80000000, 0x7fc00000],
    float16: [2, 0x7c00, 0x03ff, 0x8000, 0x7e00],
    bfloat16: [2, 0x7f80, 0x007f, 0x8000, 0x7fc0],
  };
  const format = formats[dtype];
  if (format) {
    const [size, exponent, mantissa, signBit, quiet] = format;
    for (let i = 0; i < bytes.length; i += size) {
      const bits = size === 4 ? view.getUint32(i, true) : view.getUint16(i, true);
      if ((bits & exponent) !== exponent || !(bits & mantissa)) continue;
      const canonical = (quiet | (bits & signBit)) >>> 0;
      if (size === 4) view.setUint32(i, canonical, true);
      else view.setUint16(i, canonical, true);
    }
  }
  if (dtype === 'float64' || dtype === 'complex128') {
    for (let i = 0; i < bytes.length; i += 8) {
      if (!Number.isNaN(view.getFloat64(i, true))) continue;
      view.setUint32(i + 4, ((view.getUint32(i + 4, true) & 0x80000000) | 0x7ff80000) >>> 0, true);
      view.setUint32(i, 0, true);
    }
  }
  if (dtype === 'string') {
    return { name: 'w_string', dtype, dims, data: { kind: 'strings', values: ['a', 'quote " and \\ back', 'two\nlines', ''].map((s) => new TextEncoder().encode(s)) } };
  }
  return { name: `w_${dtype}`, dtype, dims, data: { kind: 'raw', bytes } };
}

describe('inline tensor values', () => {
  it.each(DTYPES.map((d) => [d]))('%s values read back to the same bytes', (dtype) => {
    const dims = dtype === 'string' ? [4] : [3, 7];
    const t = randomTensor(dtype, dims);
    const model = makeModel({ name: 'g', nodes: [], inputs: [], outputs: [], valueInfo: [], initializers: [t] });
    const text = printModel(model, { weights: 'inline' });
    const back = parseModel(text).graph.initializers[0]!;
    expect(back.dtype).toBe(dtype);
    expect(back.dims).toEqual(dims);
    expect(back.data).toEqual(t.data);
  });

  it('keeps the sign of NaN and of zero', () => {
    const bits = Uint32Array.of(0x7fc00000, 0xffc00000, 0x80000000, 0x7f800000, 0xff800000);
    const t: Tensor = { name: 'w', dtype: 'float32', dims: [5], data: { kind: 'raw', bytes: new Uint8Array(bits.buffer) } };
    const text = printModel(makeModel({ name: 'g', nodes: [], inputs: [], outputs: [], valueInfo: [], initializers: [t] }));
    expect(text).toContain('float[5] w = {nan, -nan, -0, inf, -inf}');
    expect(parseModel(text).graph.initializers[0]!.data).toEqual(t.data);
  });

  it('writes float16 as values, not bit patterns', () => {
    const t: Tensor = { name: 'h', dtype: 'float16', dims: [3], data: { kind: 'raw', bytes: new Uint8Array(Uint16Array.of(0x3c00, 0xc000, 0x3555).buffer) } };
    const text = printModel(makeModel({ name: 'g', nodes: [], inputs: [], outputs: [], valueInfo: [], initializers: [t] }));
    expect(text).toContain('float16[3] h = {1, -2, 0.3333}');
  });
});
