// Which workspace and which text form are shown.
import type { StateCreator } from 'zustand';
import type { KilnState } from './store.ts';

export type Workspace = 'steps' | 'compare';

export interface UiSlice {
  workspace: Workspace;
  /** The text pane shows the diff of the shown step instead of the model. */
  textDiff: boolean;
  setWorkspace(workspace: Workspace): void;
  setTextDiff(on: boolean): void;
}

export const createUiSlice: StateCreator<KilnState, [], [], UiSlice> = (set) => ({
  workspace: 'steps',
  textDiff: false,
  setWorkspace: (workspace) => set({ workspace }),
  setTextDiff: (textDiff) => set({ textDiff }),
});
