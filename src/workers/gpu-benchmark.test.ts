import { describe, expect, it } from 'vitest';
import { describeUnsupported, kernelTimes } from './gpu-benchmark.ts';

describe('kernelTimes', () => {
  it('lists per-kernel times in plan order when the GPU timed every kernel', () => {
    const timing = { totalMs: 3, wallMs: 4, source: 'gpu-timestamps' as const, kernels: [{ kernelId: 'a', ms: 1 }, { kernelId: 'b', ms: 2 }] };
    expect(kernelTimes(timing, 2)).toEqual([1, 2]);
  });

  it('has none with CPU timing, or when the counts disagree', () => {
    expect(kernelTimes({ totalMs: 3, wallMs: 4, source: 'cpu', kernels: [] }, 2)).toEqual([]);
    expect(kernelTimes({ totalMs: 3, wallMs: 4, source: 'gpu-timestamps', kernels: [{ kernelId: 'a', ms: 1 }] }, 2)).toEqual([]);
  });
});

describe('describeUnsupported', () => {
  it('counts the ops and names the first node and its reason', () => {
    const text = describeUnsupported([
      { nodeId: 'c1', opType: 'Conv', reason: 'Conv is not supported' },
      { nodeId: 'c2', opType: 'Conv', reason: 'Conv is not supported' },
      { nodeId: 'p', opType: 'MaxPool', reason: 'MaxPool is not supported' },
    ]);
    expect(text).toBe("Kiln's WebGPU backend cannot run this model yet: unsupported Conv ×2, MaxPool ×1 (first: node 'c1': Conv is not supported)");
  });
});
