// What Kiln's WebGPU backend says about the shown model without running it: which nodes it cannot
// run (badges), its kernel plan (the WGSL pane), the plan of another pipeline's result (the kernel
// diff); and how the graph and text pane show them (heatmap, WGSL tab, the focused kernel).
import type { StateCreator } from 'zustand';
import type { Model } from '../../ir/types.ts';
import type { UnsupportedNode } from '../../webgpu-backend/compile.ts';
import type { PipelinePlanResult, PlanResult } from '../../workers/protocol.ts';
import type { Status } from './status.ts';
import type { KilnState } from './store.ts';

export interface SupportState {
  /** The model these answers are for (answers for another model are never shown). */
  readonly model: Model;
  readonly status: Status;
  readonly nodes: readonly UnsupportedNode[];
  readonly message?: string;
}

export interface ShownPlanState {
  readonly model: Model;
  readonly status: Status;
  readonly result?: PlanResult;
  readonly message?: string;
}

export interface OtherPlanState {
  readonly docKey: string;
  readonly preset: string;
  readonly status: Status;
  readonly result?: PipelinePlanResult;
  readonly message?: string;
}

export type TextMode = 'onnx' | 'wgsl';

export interface BackendSlice {
  support: SupportState | null;
  shownPlan: ShownPlanState | null;
  /** The preset the WGSL pane diffs against ('' = no diff). */
  otherPreset: string;
  otherPlan: OtherPlanState | null;
  /** The kernel last picked from the breakdown (a node of several kernels shows this one). */
  kernelFocus: string | null;
  heatmap: boolean;
  textMode: TextMode;
  setSupport(support: SupportState): void;
  setShownPlan(plan: ShownPlanState | null): void;
  setOtherPlan(plan: OtherPlanState | null): void;
  setOtherPreset(preset: string): void;
  focusKernel(kernelId: string, nodeIds: readonly string[]): void;
  setHeatmap(on: boolean): void;
  setTextMode(mode: TextMode): void;
}

export const createBackendSlice: StateCreator<KilnState, [], [], BackendSlice> = (set) => ({
  support: null,
  shownPlan: null,
  otherPreset: '',
  otherPlan: null,
  kernelFocus: null,
  heatmap: false,
  textMode: 'onnx',
  // Answers for a model that is no longer shown are dropped by the caller; these only store.
  setSupport: (support) => set({ support }),
  setShownPlan: (shownPlan) => set({ shownPlan }),
  setOtherPlan: (otherPlan) => set({ otherPlan }),
  setOtherPreset: (otherPreset) => set({ otherPreset }),
  focusKernel: (kernelFocus, nodeIds) => set((s) => ({ kernelFocus, selectedIds: nodeIds, focusRequest: s.focusRequest + 1, textMode: 'wgsl' })),
  setHeatmap: (heatmap) => set({ heatmap }),
  setTextMode: (textMode) => set({ textMode }),
});
