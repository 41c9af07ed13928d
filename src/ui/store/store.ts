// The app's one store, built from slices. UI state only: models, inference results and diffs
// come from src/ir and src/passes (see selectors.ts).
import { create } from 'zustand';
import { createDocumentSlice, type DocumentSlice } from './document-slice.ts';
import { createRunSlice, type RunSlice } from './run-slice.ts';
import { createSelectionSlice, type SelectionSlice } from './selection-slice.ts';
import { createStepsSlice, type StepsSlice } from './steps-slice.ts';

export type KilnState = DocumentSlice & StepsSlice & SelectionSlice & RunSlice;

export const useKiln = create<KilnState>()((...a) => ({
  ...createDocumentSlice(...a),
  ...createStepsSlice(...a),
  ...createSelectionSlice(...a),
  ...createRunSlice(...a),
}));
