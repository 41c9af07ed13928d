import { describe, expect, it } from 'vitest';
import type { KernelPlan, MemoryStats } from '../../webgpu-backend/compile.ts';
import { memorySeries } from './memory-series.ts';

const memory: MemoryStats = { peakActivationBytes: 4096, weightBytes: 100, activationBufferBytes: 4096, lowerBoundBytes: 3648 };

function planWith(liveBytes: number[]): KernelPlan {
  return {
    kernels: [],
    buffers: [],
    assignments: [],
    aliases: {},
    weights: [],
    shapes: {},
    foldedNodes: [],
    timeline: liveBytes.map((b, kernel) => ({ kernel, liveBytes: b, values: [] })),
    adapter: { kind: 'cpu', description: '', shaderF16: false, packed4x8: false },
  };
}

describe('memorySeries', () => {
  it('steps through the timeline and draws the bound and the allocation flat', () => {
    const s = memorySeries(planWith([3648, 512, 768]), memory);
    expect(s.x).toEqual([0, 1, 2, 3]);
    expect(s.live).toEqual([3648, 512, 768, 768]);
    expect(s.lowerBound).toEqual([3648, 3648, 3648, 3648]);
    expect(s.peak).toEqual([4096, 4096, 4096, 4096]);
    expect(s.busiest).toBe(0);
  });

  it('is empty for a plan without kernels', () => {
    expect(memorySeries(planWith([]), memory)).toEqual({ x: [], live: [], lowerBound: [], peak: [], busiest: -1 });
  });
});
