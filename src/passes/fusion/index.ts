// The fusion family: vertical fusions (this file) and structural ones (structural.ts).
import type { Pass } from '../pass.ts';
import { fuseConvBn } from './fuse-conv-bn.ts';
import { STRUCTURAL_FUSION_PASSES } from './structural.ts';

export const FUSION_PASSES: readonly Pass[] = [fuseConvBn, ...STRUCTURAL_FUSION_PASSES];
