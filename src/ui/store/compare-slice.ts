// The compare view: two to four presets run on the open model, shown side by side with one
// camera and one selection.
import type { Viewport } from '@xyflow/react';
import type { StateCreator } from 'zustand';
import { PIPELINES } from '../../passes/pipelines.ts';
import type { CompareEntry } from '../../workers/protocol.ts';
import type { Status } from './status.ts';
import type { KilnState } from './store.ts';

export type CompareResult =
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly entry: CompareEntry; readonly error?: ErrorCheck }
  | { readonly status: 'error'; readonly message: string };

/** Rel L2 of the pipeline's outputs against the original's (onnxruntime-web), once measured. */
export type ErrorCheck = { readonly status: 'running' } | { readonly status: 'done'; readonly relL2: number; readonly problem?: string } | { readonly status: 'error'; readonly message: string };

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

/** Two presets to start with: the first ones that do something, else whatever there is. */
export function defaultComparePresets(ids: readonly string[] = Object.keys(PIPELINES)): string[] {
  const doing = ids.filter((id) => id !== 'none');
  return (doing.length >= MIN_COMPARED ? doing : ids).slice(0, MIN_COMPARED);
}

export interface CompareSlice {
  /** Preset ids, one per column. */
  comparePresets: readonly string[];
  compareStatus: Status;
  /** Results in column order, for the model and presets they were run on. */
  compareResults: readonly CompareResult[];
  compareRunFor: { readonly documentKey: string; readonly presets: readonly string[] } | null;
  /** The one camera all canvases share (null: each fits its graph until someone moves). */
  compareViewport: Viewport | null;
  /** The node picked in one column; the others select what corresponds to it. */
  compareSelection: { readonly column: number; readonly ids: readonly string[] } | null;
  setComparePreset(column: number, id: string): void;
  addCompareColumn(id: string): void;
  removeCompareColumn(column: number): void;
  setCompareViewport(viewport: Viewport): void;
  selectInCompare(column: number, ids: readonly string[]): void;
}

export const createCompareSlice: StateCreator<KilnState, [], [], CompareSlice> = (set) => ({
  comparePresets: defaultComparePresets(),
  compareStatus: 'ready',
  compareResults: [],
  compareRunFor: null,
  compareViewport: null,
  compareSelection: null,
  setComparePreset: (column, id) => set((s) => ({ comparePresets: s.comparePresets.map((p, i) => (i === column ? id : p)) })),
  addCompareColumn: (id) => set((s) => (s.comparePresets.length >= MAX_COMPARED ? {} : { comparePresets: [...s.comparePresets, id] })),
  removeCompareColumn: (column) => set((s) => (s.comparePresets.length <= MIN_COMPARED ? {} : { comparePresets: s.comparePresets.filter((_, i) => i !== column) })),
  setCompareViewport: (compareViewport) => set({ compareViewport }),
  selectInCompare: (column, ids) => set({ compareSelection: ids.length ? { column, ids } : null }),
});
