// Structural fusions (elementwise loop fusion, horizontal fusion, concat elimination).
import type { Pass } from '../pass.ts';

export const STRUCTURAL_FUSION_PASSES: readonly Pass[] = [];
