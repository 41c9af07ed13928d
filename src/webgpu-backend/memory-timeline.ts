// What the app's memory chart draws, and the figure the planner is judged by: per kernel, the
// values live and where they sit; and the lower bound, the most exact bytes of storage items
// (values, in-place chains, Concat regions) live at one kernel of this order.
import type { GroupItem } from './storage-groups.ts';
import type { BufferAssignment } from './types.ts';

export interface TimelineEntry {
  /** Kernel index (plan.kernels order). */
  readonly kernel: number;
  /** Exact bytes of the storage items live while this kernel runs. */
  readonly liveBytes: number;
  readonly values: readonly { readonly value: string; readonly bufferId: number; readonly offset: number; readonly bytes: number }[];
}

export function memoryTimeline(items: readonly GroupItem[], assignments: readonly BufferAssignment[], kernelCount: number): { lowerBoundBytes: number; timeline: TimelineEntry[] } {
  const liveBytes = (t: number) => items.reduce((s, it) => (it.first <= t && t <= it.last ? s + it.exactBytes : s), 0);
  let lowerBoundBytes = 0;
  // t = kernelCount is the read-back, where only graph outputs are left.
  for (let t = 0; t <= kernelCount; t++) lowerBoundBytes = Math.max(lowerBoundBytes, liveBytes(t));
  const timeline = Array.from({ length: kernelCount }, (_, t): TimelineEntry => ({
    kernel: t,
    liveBytes: liveBytes(t),
    values: assignments
      .filter((a) => a.firstKernel <= t && t <= a.lastKernel)
      .map((a) => ({ value: a.value, bufferId: a.bufferId, offset: a.offset, bytes: a.bytes })),
  }));
  return { lowerBoundBytes, timeline };
}
