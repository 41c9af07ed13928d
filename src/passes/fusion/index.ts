// The fusion family: vertical fusions (listed here, in the order a pipeline would run them) and
// structural ones (structural.ts). Activations are recognized first so the Conv/Gemm fusions
// see single activation ops; BatchNormalization folds before FusedConv takes the Conv.
import type { Pass } from '../pass.ts';
import { fuseAttention } from './fuse-attention.ts';
import { fuseBiasActivation } from './fuse-bias-activation.ts';
import { fuseConvBn } from './fuse-conv-bn.ts';
import { fuseLayerNorm } from './fuse-layer-norm.ts';
import { fuseMatmulAdd } from './fuse-matmul-add.ts';
import { recognizeActivations } from './recognize-activations.ts';
import { STRUCTURAL_FUSION_PASSES } from './structural.ts';

export const VERTICAL_FUSION_PASSES: readonly Pass[] = [recognizeActivations, fuseConvBn, fuseLayerNorm, fuseAttention, fuseMatmulAdd, fuseBiasActivation];

export const FUSION_PASSES: readonly Pass[] = [...VERTICAL_FUSION_PASSES, ...STRUCTURAL_FUSION_PASSES];
