// Pass history: the steps of the last pipeline run and which one the canvas shows.
import type { StateCreator } from 'zustand';
import type { StepPayload } from '../../workers/protocol.ts';
import type { Status } from './status.ts';
import type { KilnState } from './store.ts';

/** 'original' = the loaded model; a number = the model after that step; 'result' = after all steps, with every change marked. */
export type StepView = 'original' | 'result' | number;

export interface StepsSlice {
  steps: readonly StepPayload[];
  view: StepView;
  passStatus: Status;
  /** "No changes", or why the pipeline failed. */
  passMessage: string | null;
  passStarted(): void;
  passFinished(steps: readonly StepPayload[], message: string | null): void;
  passFailed(message: string): void;
  showStep(view: StepView): void;
  undoPasses(): void;
}

export const createStepsSlice: StateCreator<KilnState, [], [], StepsSlice> = (set) => ({
  steps: [],
  view: 'original',
  passStatus: 'ready',
  passMessage: null,
  passStarted: () => set({ passStatus: 'running', passMessage: null }),
  passFinished: (steps, passMessage) =>
    set({ steps, view: steps.length ? 'result' : 'original', passStatus: 'done', passMessage, selectedIds: [], run: { status: 'ready' } }),
  passFailed: (passMessage) => set({ passStatus: 'error', passMessage }),
  showStep: (view) => set({ view, selectedIds: [], run: { status: 'ready' } }),
  undoPasses: () => set({ steps: [], view: 'original', passStatus: 'ready', passMessage: null, selectedIds: [], run: { status: 'ready' } }),
});
