// STUB (being replaced by the passes work): named pipelines. Signature fixed.
import type { Pass } from './pass.ts';

export interface PipelineDef {
  readonly description: string;
  readonly passes: readonly Pass[];
}

export const PIPELINES: Readonly<Record<string, PipelineDef>> = {
  none: { description: 'Import and export only.', passes: [] },
};
