// Which views the step list offers and where ←/→/Home/End go: the original (0) and the model after
// each step (k), skipping steps that changed nothing when those are hidden.
import { changed } from '../../passes/pass.ts';
import type { StepPayload } from '../../workers/protocol.ts';

export function visibleViews(steps: readonly StepPayload[], hideUnchanged: boolean): number[] {
  const views = [0];
  steps.forEach((s, i) => {
    if (!hideUnchanged || changed(s.changes)) views.push(i + 1);
  });
  return views;
}

export type StepKey = 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End';

/** The view a key leads to from `current` (a hidden current view steps to its visible neighbours). */
export function viewAfterKey(key: StepKey, current: number, views: readonly number[]): number {
  if (views.length === 0) return current;
  if (key === 'Home') return views[0]!;
  if (key === 'End') return views[views.length - 1]!;
  if (key === 'ArrowRight') return views.find((v) => v > current) ?? current;
  return [...views].reverse().find((v) => v < current) ?? current;
}
