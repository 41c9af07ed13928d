// The pipeline being composed: a preset from src/passes/pipelines.ts, or a custom list of pass ids.
import type { StateCreator } from 'zustand';
import type { KilnState } from './store.ts';

export type PipelineMode = 'preset' | 'custom';

export interface PipelineSlice {
  pipelineMode: PipelineMode;
  presetId: string;
  customPassIds: readonly string[];
  /** The pass library's search text. */
  passFilter: string;
  setPipelineMode(mode: PipelineMode): void;
  choosePreset(id: string): void;
  /** Inserts a pass at `at` (default: the end). */
  addPass(id: string, at?: number): void;
  movePass(from: number, to: number): void;
  removePass(index: number): void;
  setPassFilter(text: string): void;
}

export const createPipelineSlice: StateCreator<KilnState, [], [], PipelineSlice> = (set) => ({
  pipelineMode: 'preset',
  presetId: 'cleanup',
  customPassIds: [],
  passFilter: '',
  setPipelineMode: (pipelineMode) => set({ pipelineMode }),
  choosePreset: (presetId) => set({ presetId }),
  addPass: (id, at) =>
    set((s) => {
      const list = [...s.customPassIds];
      list.splice(at === undefined ? list.length : Math.max(0, Math.min(at, list.length)), 0, id);
      return { customPassIds: list };
    }),
  movePass: (from, to) =>
    set((s) => {
      const list = [...s.customPassIds];
      if (from < 0 || from >= list.length) return {};
      const [id] = list.splice(from, 1);
      list.splice(Math.max(0, Math.min(to, list.length)), 0, id!);
      return { customPassIds: list };
    }),
  removePass: (index) => set((s) => ({ customPassIds: s.customPassIds.filter((_, i) => i !== index) })),
  setPassFilter: (passFilter) => set({ passFilter }),
});
