// The memory chart's data: live activation bytes at each kernel of the plan (a step per kernel),
// the plan's lower bound and the bytes actually allocated, as flat lines to compare against.
import type { KernelPlan, MemoryStats } from '../../webgpu-backend/compile.ts';

export interface MemorySeries {
  /** Kernel index; one extra point closes the last kernel's step. */
  readonly x: number[];
  readonly live: number[];
  readonly lowerBound: number[];
  readonly peak: number[];
  /** The kernel where the most bytes are live (first one on ties). */
  readonly busiest: number;
}

export function memorySeries(plan: KernelPlan, memory: MemoryStats): MemorySeries {
  const live = plan.timeline.map((t) => t.liveBytes);
  if (live.length === 0) return { x: [], live: [], lowerBound: [], peak: [], busiest: -1 };
  const x = [...live.map((_, i) => i), live.length];
  const busiest = live.indexOf(Math.max(...live));
  return {
    x,
    live: [...live, live[live.length - 1]!],
    lowerBound: x.map(() => memory.lowerBoundBytes),
    peak: x.map(() => memory.peakActivationBytes),
    busiest,
  };
}
