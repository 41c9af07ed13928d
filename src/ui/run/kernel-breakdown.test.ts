import { describe, expect, it } from 'vitest';
import type { KernelInfo } from '../../webgpu-backend/compile.ts';
import { formatKernelMs, kernelBreakdown, kernelLabel, kernelMedians } from './kernel-breakdown.ts';

const kernel = (id: string, opType = 'Relu', variant = 'unary-relu'): KernelInfo => ({
  id,
  nodeIds: [id],
  opType,
  variant,
  wgsl: '',
  workgroups: [1, 1, 1],
  inputs: [],
  output: `${id}_out`,
  outputs: [`${id}_out`],
  pipelineKey: id,
});

describe('kernelBreakdown', () => {
  it('takes the median of each kernel over the runs and sorts slowest first', () => {
    const kernels = [kernel('a'), kernel('b'), kernel('c')];
    const runs = [
      [1, 5, 2],
      [9, 4, 2], // one slow run of 'a' does not move its median much
      [1, 6, 2],
    ];
    const rows = kernelBreakdown(kernels, runs);
    expect(rows.map((r) => [r.kernel.id, r.ms])).toEqual([
      ['b', 5],
      ['c', 2],
      ['a', 1],
    ]);
    expect(rows.map((r) => r.index)).toEqual([1, 2, 0]);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1);
    expect(rows[0]!.share).toBeCloseTo(5 / 8);
  });

  it('keeps plan order between equal times', () => {
    const rows = kernelBreakdown([kernel('a'), kernel('b')], [[1, 1]]);
    expect(rows.map((r) => r.kernel.id)).toEqual(['a', 'b']);
  });

  it('has no rows without per-kernel times (CPU timing gives empty lists)', () => {
    expect(kernelBreakdown([kernel('a')], [[], []])).toEqual([]);
    expect(kernelMedians(2, [[1, 2], []])).toEqual([1, 2]);
  });

  it('labels a kernel with its op and variant', () => {
    expect(kernelLabel(kernel('m', 'MatMul', 'matmul-nn-vec4'))).toBe('MatMul · matmul-nn-vec4');
    expect(kernelLabel({ opType: 'Add', variant: '' })).toBe('Add');
  });

  it('writes kernel times in µs below a tenth of a millisecond', () => {
    expect(formatKernelMs(0.0123)).toBe('12.3 µs');
    expect(formatKernelMs(0.004)).toBe('4.00 µs');
    expect(formatKernelMs(0.4123)).toBe('0.412 ms');
    expect(formatKernelMs(3.2)).toBe('3.20 ms');
  });
});
