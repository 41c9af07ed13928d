// The layout family.
import type { Pass } from '../pass.ts';

export const LAYOUT_PASSES: readonly Pass[] = [];
