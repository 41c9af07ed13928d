// The numeric check of each step: the step's model on onnxruntime-web against the original's
// outputs on the same seeded inputs. Checks belong to one pipeline run (`checksFor`).
import type { StateCreator } from 'zustand';
import type { StepPayload } from '../../workers/protocol.ts';
import type { KilnState } from './store.ts';

export type StepCheck =
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly relL2: number; readonly pass: boolean; readonly tolerance: number; readonly ms: number; readonly problem?: string }
  | { readonly status: 'error'; readonly message: string };

export interface ChecksSlice {
  /** The steps these checks are for; results for other steps are dropped. */
  checksFor: readonly StepPayload[] | null;
  /** By view number (1 = after the first step). */
  checks: Readonly<Record<number, StepCheck>>;
  resetChecks(steps: readonly StepPayload[]): void;
  setCheck(steps: readonly StepPayload[], view: number, check: StepCheck): void;
}

export const createChecksSlice: StateCreator<KilnState, [], [], ChecksSlice> = (set) => ({
  checksFor: null,
  checks: {},
  resetChecks: (checksFor) => set({ checksFor, checks: {} }),
  setCheck: (steps, view, check) => set((s) => (s.checksFor === steps ? { checks: { ...s.checks, [view]: check } } : {})),
});
