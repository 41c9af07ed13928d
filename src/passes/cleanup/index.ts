// The cleanup family, in the order a pipeline usually runs them: fold what is known, merge what
// is computed twice, drop what changes nothing, shorten shape-op chains, then remove what nothing
// reads any more.
import type { Pass } from '../pass.ts';
import { eliminateCommonSubexpressions } from './eliminate-common-subexpressions.ts';
import { eliminateDeadCode } from './eliminate-dead-code.ts';
import { eliminateIdentity } from './eliminate-identity.ts';
import { foldConstants } from './fold-constants.ts';
import { simplifyShapes } from './simplify-shapes.ts';

export const CLEANUP_PASSES: readonly Pass[] = [foldConstants, eliminateCommonSubexpressions, eliminateIdentity, simplifyShapes, eliminateDeadCode];
