// Which nodes are selected (by Kiln node id), and requests to bring them into view.
import type { StateCreator } from 'zustand';
import type { KilnState } from './store.ts';

export interface SelectionSlice {
  selectedIds: readonly string[];
  /** Bumped when a selection should also move the camera (e.g. from the explanation list). */
  focusRequest: number;
  select(ids: readonly string[], options?: { focus?: boolean }): void;
  clearSelection(): void;
}

export const createSelectionSlice: StateCreator<KilnState, [], [], SelectionSlice> = (set) => ({
  selectedIds: [],
  focusRequest: 0,
  select: (ids, options) => set((s) => ({ selectedIds: ids, focusRequest: options?.focus ? s.focusRequest + 1 : s.focusRequest })),
  clearSelection: () => set({ selectedIds: [] }),
});
