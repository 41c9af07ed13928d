// Named pipelines: ordered lists of passes, as data.
import { eliminateDeadCode } from './cleanup/eliminate-dead-code.ts';
import { foldConstants } from './cleanup/fold-constants.ts';
import type { Pass } from './pass.ts';

export interface PipelineDef {
  readonly description: string;
  readonly passes: readonly Pass[];
}

export const PIPELINES: Readonly<Record<string, PipelineDef>> = {
  none: { description: 'Import and export only.', passes: [] },
  cleanup: { description: 'Fold constants, then remove what nothing reads any more.', passes: [foldConstants, eliminateDeadCode] },
};
