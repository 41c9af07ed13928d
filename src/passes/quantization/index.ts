// The quantization family.
import type { Pass } from '../pass.ts';

export const QUANTIZATION_PASSES: readonly Pass[] = [];
