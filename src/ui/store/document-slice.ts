// The open model and how it got here. A failed load only sets the banner: the open model stays.
import type { StateCreator } from 'zustand';
import type { Model } from '../../ir/types.ts';
import type { Diagnostic } from '../../ir/verify.ts';
import type { Manifest, ManifestEntry } from '../../models/manifest.ts';
import type { KilnState } from './store.ts';
import type { Status } from './status.ts';

export type DocumentSource = { readonly kind: 'bundled'; readonly entry: ManifestEntry } | { readonly kind: 'file'; readonly fileName: string };

export interface LoadedDocument {
  /** Unique per load: names this model's bytes for worker-side caches. */
  readonly key: string;
  readonly model: Model;
  /** The file's bytes: the onnxruntime oracle runs exactly what the user opened. */
  readonly bytes: Uint8Array;
  readonly source: DocumentSource;
  /** Validation warnings (unknown ops, renamed duplicates); errors never get this far. */
  readonly warnings: readonly Diagnostic[];
  readonly loadMs: number;
}

export interface DocumentSlice {
  manifest: Manifest | null;
  document: LoadedDocument | null;
  loadStatus: Status;
  /** What is being opened right now, for the toolbar. */
  loading: string | null;
  /** One line about the last failed load (or manifest fetch); null when there is nothing to say. */
  banner: string | null;
  setManifest(manifest: Manifest): void;
  loadStarted(what: string): void;
  loadSucceeded(doc: LoadedDocument): void;
  loadFailed(message: string): void;
  dismissBanner(): void;
}

export const createDocumentSlice: StateCreator<KilnState, [], [], DocumentSlice> = (set) => ({
  manifest: null,
  document: null,
  loadStatus: 'ready',
  loading: null,
  banner: null,
  setManifest: (manifest) => set({ manifest }),
  loadStarted: (what) => set({ loadStatus: 'running', loading: what }),
  loadSucceeded: (document) =>
    // A new model starts clean: no pass history, no selection, no stale run figures.
    set({
      document,
      loadStatus: 'done',
      loading: null,
      banner: null,
      steps: [],
      stepsSpec: null,
      view: 0,
      passStatus: 'ready',
      passMessage: null,
      passProgress: null,
      selectedIds: [],
      run: { status: 'ready' },
      checksFor: null,
      checks: {},
      compareStatus: 'ready',
      compareResults: [],
      compareRunFor: null,
      compareViewport: null,
      compareSelection: null,
    }),
  loadFailed: (banner) => set({ loadStatus: 'error', loading: null, banner }),
  dismissBanner: () => set({ banner: null }),
});
