// Host <-> GPU conversions of each dtype's representation (no GPU needed).
import { describe, expect, it } from 'vitest';
import type { DType } from '../ir/dtype.ts';
import { tensorFromNumbers, tensorToNumbers } from '../ir/tensor.ts';
import { fromGpuBytes, toGpuBytes } from './gpu-convert.ts';
import { gpuDtype, requireGpuDtype } from './gpu-dtype.ts';

const roundTrip = (dtype: DType, values: number[], shaderF16 = false) => {
  const g = requireGpuDtype(dtype, { shaderF16 });
  const gpu = toGpuBytes(tensorFromNumbers('t', dtype, [values.length], values), g);
  return { gpu, back: fromGpuBytes('t', [values.length], g, gpu) };
};

describe('GPU representations', () => {
  it('narrows int64 to int32 words and widens back', () => {
    const { gpu, back } = roundTrip('int64', [-(2 ** 31), -1, 0, 2 ** 31 - 1]);
    expect([...new Int32Array(gpu.buffer)]).toEqual([-(2 ** 31), -1, 0, 2 ** 31 - 1]);
    expect(back.dtype).toBe('int64');
    expect([...tensorToNumbers(back)]).toEqual([-(2 ** 31), -1, 0, 2 ** 31 - 1]);
  });

  it('refuses int64 values outside int32, naming the element', () => {
    const t = tensorFromNumbers('ids', 'int64', [2], [1, 2 ** 32]);
    expect(() => toGpuBytes(t, requireGpuDtype('int64', { shaderF16: false }))).toThrow("tensor 'ids' holds 4294967296 at element 1: int64 values must fit in int32 on the GPU");
  });

  it('stores bools as one u32 per element', () => {
    const { gpu, back } = roundTrip('bool', [1, 0, 1]);
    expect([...new Uint32Array(gpu.buffer)]).toEqual([1, 0, 1]);
    expect([...back.data.kind === 'raw' ? back.data.bytes : []]).toEqual([1, 0, 1]);
  });

  it('packs int8 four to a word, padding to a whole word', () => {
    const { gpu, back } = roundTrip('int8', [-1, 2, -128, 127, 5]);
    expect(gpu.byteLength).toBe(8);
    expect(new Uint32Array(gpu.buffer)[0]).toBe(0x7f8002ff);
    expect([...tensorToNumbers(back)]).toEqual([-1, 2, -128, 127, 5]);
  });

  it('keeps float16 as f16 with shader-f16, else widens to f32 and rounds back', () => {
    expect(roundTrip('float16', [1.5, -2], true).gpu.byteLength).toBe(4);
    const { gpu, back } = roundTrip('float16', [1.5, -2, 65504]);
    expect([...new Float32Array(gpu.buffer)]).toEqual([1.5, -2, 65504]);
    expect([...tensorToNumbers(back)]).toEqual([1.5, -2, 65504]);
  });

  it('has no representation for float64 and friends', () => {
    expect(gpuDtype('float64', { shaderF16: true })).toEqual({ reason: 'float64 tensors have no WebGPU representation in Kiln' });
  });
});
