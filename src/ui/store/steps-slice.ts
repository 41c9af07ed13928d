// Pass history: the steps of the last pipeline run and which model the canvas shows.
import type { StateCreator } from 'zustand';
import type { PipelineSpec, StepPayload } from '../../workers/protocol.ts';
import type { Status } from './status.ts';
import type { KilnState } from './store.ts';

export interface StepsSlice {
  steps: readonly StepPayload[];
  /** The pipeline that made `steps`. */
  stepsSpec: PipelineSpec | null;
  /** The shown model: 0 = the original, k = the model after step k. */
  view: number;
  passStatus: Status;
  /** "No changes", or why the pipeline failed. */
  passMessage: string | null;
  /** What the running pipeline is doing now ("fold-constants (1 of 2)"). */
  passProgress: string | null;
  /** Hide steps that changed nothing from the list (and from ←/→). */
  hideUnchanged: boolean;
  passStarted(): void;
  passProgressed(progress: string): void;
  passFinished(steps: readonly StepPayload[], spec: PipelineSpec, message: string | null): void;
  passFailed(message: string): void;
  showStep(view: number): void;
  undoPasses(): void;
  setHideUnchanged(hide: boolean): void;
}

const cleared = { selectedIds: [], run: { status: 'ready' as const } };

export const createStepsSlice: StateCreator<KilnState, [], [], StepsSlice> = (set) => ({
  steps: [],
  stepsSpec: null,
  view: 0,
  passStatus: 'ready',
  passMessage: null,
  passProgress: null,
  hideUnchanged: false,
  passStarted: () => set({ passStatus: 'running', passMessage: null, passProgress: null }),
  passProgressed: (passProgress) => set({ passProgress }),
  // "Run to end": a finished pipeline shows the model after its last step.
  passFinished: (steps, stepsSpec, passMessage) => set({ steps, stepsSpec, view: steps.length, passStatus: 'done', passMessage, passProgress: null, ...cleared }),
  passFailed: (passMessage) => set({ passStatus: 'error', passMessage, passProgress: null }),
  showStep: (view) => set((s) => (s.view === view ? {} : { view: Math.max(0, Math.min(view, s.steps.length)), ...cleared })),
  undoPasses: () => set({ steps: [], stepsSpec: null, view: 0, passStatus: 'ready', passMessage: null, passProgress: null, ...cleared }),
  setHideUnchanged: (hideUnchanged) => set({ hideUnchanged }),
});
