// The cleanup family, in the order a pipeline usually runs them.
import type { Pass } from '../pass.ts';
import { eliminateDeadCode } from './eliminate-dead-code.ts';
import { foldConstants } from './fold-constants.ts';

export const CLEANUP_PASSES: readonly Pass[] = [foldConstants, eliminateDeadCode];
