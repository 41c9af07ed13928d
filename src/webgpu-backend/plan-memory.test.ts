// The activation planner on hand-made problems (no GPU): lifetimes, reuse, best fit, peak.
import { describe, expect, it } from 'vitest';
import { planMemory, type MemoryProblem } from './plan-memory.ts';

function problem(kernels: [string[], string][], sizes: Record<string, number>, outputs: string[], inputs = ['x'], weights: string[] = []): MemoryProblem {
  return {
    inputs,
    kernels: kernels.map(([i, output]) => ({ inputs: i, output })),
    outputs,
    bytes: (v) => sizes[v]!,
    isWeight: (v) => weights.includes(v),
  };
}

describe('planMemory', () => {
  it('reuses a buffer once its last reader has run', () => {
    // x -> k0 -> a -> k1 -> b -> k2 -> y : x is dead when k1 writes b, a when k2 writes y.
    const plan = planMemory(problem([[['x'], 'a'], [['a'], 'b'], [['b'], 'y']], { x: 64, a: 64, b: 64, y: 64 }, ['y']));
    const buffer = (v: string) => plan.assignments.find((a) => a.value === v)!.bufferId;
    expect(buffer('b')).toBe(buffer('x'));
    expect(buffer('y')).toBe(buffer('a'));
    expect(plan.buffers).toHaveLength(2);
    expect(plan.peakActivationBytes).toBe(128);
    expect(plan.assignments.find((a) => a.value === 'y')).toMatchObject({ firstKernel: 2, lastKernel: 3 });
  });

  it('keeps values read later, and graph outputs, alive', () => {
    // k1 reads x again, so k1's output cannot take x's buffer; a is a graph output.
    const plan = planMemory(problem([[['x'], 'a'], [['x', 'a'], 'b']], { x: 32, a: 32, b: 32 }, ['a', 'b']));
    expect(new Set(plan.assignments.map((a) => a.bufferId)).size).toBe(3);
    expect(plan.peakActivationBytes).toBe(96);
  });

  it('picks the smallest free buffer that fits, and leaves weights out', () => {
    // Both inputs die at k0, so when k1 writes c (48 B) buffers of 160 B and 48 B are free.
    const sizes = { x: 160, z: 48, w: 4000, a: 16, c: 48 };
    const plan = planMemory(problem([[['x', 'z', 'w'], 'a'], [['a'], 'c']], sizes, ['c'], ['x', 'z'], ['w']));
    const buffer = (v: string) => plan.assignments.find((a) => a.value === v)!.bufferId;
    expect(plan.assignments.some((a) => a.value === 'w')).toBe(false);
    expect(buffer('c')).toBe(buffer('z'));
    expect(plan.peakActivationBytes).toBe(160 + 48 + 16);
  });

  it('rounds buffers up to whole vec4s of at least 16 bytes', () => {
    const plan = planMemory(problem([[['x'], 'y']], { x: 4, y: 20 }, ['y']));
    expect(plan.buffers.map((b) => b.bytes)).toEqual([16, 32]);
  });
});
