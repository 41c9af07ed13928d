// TensorRT's builder optimizations as Kiln pipelines: vertical fusion (Conv + bias + activation),
// horizontal fusion of siblings, pointwise fusion, concat elimination; and its precision modes.
// https://docs.nvidia.com/deeplearning/tensorrt/latest/performance/fusion-catalog.html
// https://developer.nvidia.com/blog/deploying-deep-learning-nvidia-tensorrt/
import { eliminateCommonSubexpressions } from '../cleanup/eliminate-common-subexpressions.ts';
import { eliminateDeadCode } from '../cleanup/eliminate-dead-code.ts';
import { eliminateIdentity } from '../cleanup/eliminate-identity.ts';
import { foldConstants } from '../cleanup/fold-constants.ts';
import { simplifyShapes } from '../cleanup/simplify-shapes.ts';
import { eliminateConcat } from '../fusion/eliminate-concat.ts';
import { fuseAttention } from '../fusion/fuse-attention.ts';
import { fuseBiasActivation } from '../fusion/fuse-bias-activation.ts';
import { fuseConvBn } from '../fusion/fuse-conv-bn.ts';
import { fuseElementwise } from '../fusion/fuse-elementwise.ts';
import { fuseHorizontal } from '../fusion/fuse-horizontal.ts';
import { fuseLayerNorm } from '../fusion/fuse-layer-norm.ts';
import { fuseMatmulAdd } from '../fusion/fuse-matmul-add.ts';
import { recognizeActivations } from '../fusion/recognize-activations.ts';
import { toFp16 } from '../quantization/to-fp16.ts';
import type { Pass } from '../pass.ts';
import type { PipelineDef } from '../pipelines.ts';
import { int8Prepare, INT8_TOLERANCE, FP16_TOLERANCE } from './precision.ts';

/** Dead layers removed, constants folded, scale (BatchNormalization) layers folded into the Conv. */
const TRT_PREFIX: readonly Pass[] = [foldConstants, eliminateIdentity, eliminateCommonSubexpressions, simplifyShapes, eliminateDeadCode, recognizeActivations, fuseConvBn];

/** What TensorRT runs after the vertical fusions: pointwise fusion, then concat elimination. */
const TRT_STRUCTURAL: readonly Pass[] = [fuseElementwise, eliminateConcat, eliminateDeadCode];

/**
 * Order matters: attention fuses before horizontal fusion would merge its Q/K/V projections, and
 * siblings merge before MatMul+Add becomes Gemm and Conv+activation becomes FusedConv (horizontal
 * fusion takes plain Conv and MatMul nodes).
 */
const TRT_VERTICAL: readonly Pass[] = [...TRT_PREFIX, fuseLayerNorm, fuseAttention, fuseHorizontal, fuseMatmulAdd, fuseBiasActivation];

export const TENSORRT_PASSES: readonly Pass[] = [...TRT_VERTICAL, ...TRT_STRUCTURAL];

export const TENSORRT_PIPELINES: Readonly<Record<string, PipelineDef>> = {
  tensorrt: {
    description: 'TensorRT-style: fold BatchNorm into Conv, vertical Conv/Gemm + bias + activation fusion, LayerNorm and attention fusion, horizontal fusion of sibling Convs/MatMuls, pointwise (elementwise) fusion, concat elimination.',
    passes: TENSORRT_PASSES,
  },
  'tensorrt-fp16': {
    description: 'The tensorrt pipeline, then float16 weights and activations (TensorRT with the FP16 builder flag); interface and precision-sensitive ops stay float32.',
    // Precision before pointwise fusion: the fused kernels then include the Casts at the float16 boundaries.
    passes: [...TRT_VERTICAL, toFp16, ...TRT_STRUCTURAL],
    tolerance: FP16_TOLERANCE,
  },
  'tensorrt-int8': {
    description: 'TensorRT-style INT8: fold BatchNorm into Conv, calibrate with the entropy method (TensorRT\'s IInt8EntropyCalibrator2), quantize Conv/MatMul/Gemm with their Relu folded in, fuse QDQ groups into integer ops, then pointwise fusion and concat elimination.',
    passes: [...TRT_PREFIX, eliminateDeadCode],
    ...int8Prepare('entropy', TRT_STRUCTURAL),
    tolerance: INT8_TOLERANCE,
  },
};
