// onnxruntime's three graph optimization levels as Kiln pipelines (docs/pipelines.md says what
// each level does in onnxruntime and what Kiln does differently).
// https://onnxruntime.ai/docs/performance/model-optimizations/graph-optimizations.html
import { eliminateCommonSubexpressions } from '../cleanup/eliminate-common-subexpressions.ts';
import { eliminateDeadCode } from '../cleanup/eliminate-dead-code.ts';
import { eliminateIdentity } from '../cleanup/eliminate-identity.ts';
import { foldConstants } from '../cleanup/fold-constants.ts';
import { simplifyShapes } from '../cleanup/simplify-shapes.ts';
import { fuseAttention } from '../fusion/fuse-attention.ts';
import { fuseBiasActivation } from '../fusion/fuse-bias-activation.ts';
import { fuseConvBn } from '../fusion/fuse-conv-bn.ts';
import { fuseLayerNorm } from '../fusion/fuse-layer-norm.ts';
import { fuseMatmulAdd } from '../fusion/fuse-matmul-add.ts';
import { recognizeActivations } from '../fusion/recognize-activations.ts';
import { sinkTransposes } from '../layout/sink-transposes.ts';
import { toNhwc } from '../layout/to-nhwc.ts';
import type { Pass } from '../pass.ts';
import type { PipelineDef } from '../pipelines.ts';

/** Basic: constant folding, redundant node elimination, semantics-preserving fusions (Conv+Add/Mul/BN, Reshape fusion). */
export const ORT_BASIC_PASSES: readonly Pass[] = [foldConstants, eliminateIdentity, eliminateCommonSubexpressions, simplifyShapes, fuseConvBn, eliminateDeadCode];

/** Extended's fusions that keep a Conv a Conv (everything but Conv/Gemm activation fusion). */
const EXTENDED_FUSIONS: readonly Pass[] = [recognizeActivations, fuseLayerNorm, fuseAttention, fuseMatmulAdd];

export const ORT_PIPELINES: Readonly<Record<string, PipelineDef>> = {
  'ort-basic': {
    description: "onnxruntime's Basic level: fold constants, remove redundant nodes (Identity, Dropout, no-op Slice/Reshape, Unsqueeze/Squeeze pairs), merge duplicates, fold Conv+Add/Mul/BatchNormalization.",
    passes: ORT_BASIC_PASSES,
  },
  'ort-extended': {
    description: "onnxruntime's Extended level on top of Basic: GELU, LayerNorm/SkipLayerNorm and Attention fusion, MatMul+Add → Gemm, Conv/Gemm + activation, bias + GELU.",
    passes: [...ORT_BASIC_PASSES, ...EXTENDED_FUSIONS, fuseBiasActivation, eliminateDeadCode],
  },
  'ort-layout': {
    description: "onnxruntime's layout level on top of Extended, for a GPU: convolutions, pools and normalizations in NHWC (onnxruntime's CPU uses blocked NCHWc), Transposes sunk until they cancel.",
    passes: [...ORT_BASIC_PASSES, ...EXTENDED_FUSIONS, toNhwc, sinkTransposes, fuseBiasActivation, eliminateDeadCode],
  },
};
