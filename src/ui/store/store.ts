// The app's one store, built from slices. UI state only: models, inference results and diffs
// come from src/ir and src/passes (see selectors.ts).
import { create } from 'zustand';
import { createBackendSlice, type BackendSlice } from './backend-slice.ts';
import { createChecksSlice, type ChecksSlice } from './checks-slice.ts';
import { createCompareSlice, type CompareSlice } from './compare-slice.ts';
import { createDocumentSlice, type DocumentSlice } from './document-slice.ts';
import { createPipelineSlice, type PipelineSlice } from './pipeline-slice.ts';
import { createRunSlice, type RunSlice } from './run-slice.ts';
import { createSelectionSlice, type SelectionSlice } from './selection-slice.ts';
import { createStepsSlice, type StepsSlice } from './steps-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

export type KilnState = DocumentSlice & StepsSlice & SelectionSlice & RunSlice & PipelineSlice & ChecksSlice & CompareSlice & UiSlice & BackendSlice;

export const useKiln = create<KilnState>()((...a) => ({
  ...createDocumentSlice(...a),
  ...createStepsSlice(...a),
  ...createSelectionSlice(...a),
  ...createRunSlice(...a),
  ...createPipelineSlice(...a),
  ...createChecksSlice(...a),
  ...createCompareSlice(...a),
  ...createUiSlice(...a),
  ...createBackendSlice(...a),
}));
