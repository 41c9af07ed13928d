// The fusion family.
import type { Pass } from '../pass.ts';
import { fuseConvBn } from './fuse-conv-bn.ts';

export const FUSION_PASSES: readonly Pass[] = [fuseConvBn];
