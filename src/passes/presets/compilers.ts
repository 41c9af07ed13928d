// XLA and TVM Relay as Kiln pipelines: the compilers that fuse by op kind rather than by named
// patterns. docs/pipelines.md maps each of their passes to Kiln's and says where they differ.
// https://openxla.org/xla/gpu_architecture (Layout Assignment, Fusion)
// https://tvm.apache.org/docs/v0.8.0/reference/api/python/relay/transform.html
import { eliminateCommonSubexpressions } from '../cleanup/eliminate-common-subexpressions.ts';
import { eliminateDeadCode } from '../cleanup/eliminate-dead-code.ts';
import { eliminateIdentity } from '../cleanup/eliminate-identity.ts';
import { foldConstants } from '../cleanup/fold-constants.ts';
import { simplifyShapes } from '../cleanup/simplify-shapes.ts';
import { fuseBiasActivation } from '../fusion/fuse-bias-activation.ts';
import { fuseConvBn } from '../fusion/fuse-conv-bn.ts';
import { fuseElementwise } from '../fusion/fuse-elementwise.ts';
import { fuseEpilogue } from '../fusion/fuse-epilogue.ts';
import { fuseInjective } from '../fusion/fuse-injective.ts';
import { fuseReduce } from '../fusion/fuse-reduce.ts';
import { fuseSiblings } from '../fusion/fuse-siblings.ts';
import { sinkTransposes } from '../layout/sink-transposes.ts';
import { toNhwc } from '../layout/to-nhwc.ts';
import type { PipelineDef } from '../pipelines.ts';
import { simplifyInference } from './simplify-inference.ts';

export const COMPILER_PIPELINES: Readonly<Record<string, PipelineDef>> = {
  xla: {
    description: 'XLA-style: algebraic simplification, CSE and DCE; BatchNorm expanded to elementwise ops (BatchNormExpander); layout assignment (NHWC convolutions, Transposes cancelled); producer-consumer loop fusion of elementwise ops, input fusion of those into reductions; sibling multi-output fusion (elementwise kernels reading one tensor become one kernel with several outputs).',
    passes: [foldConstants, eliminateIdentity, eliminateCommonSubexpressions, simplifyShapes, eliminateDeadCode, simplifyInference, toNhwc, sinkTransposes, fuseElementwise, fuseReduce, fuseSiblings, eliminateDeadCode],
  },
  tvm: {
    description: 'TVM Relay at opt_level 3 for an untuned GPU target: SimplifyInference (BatchNorm → Mul/Add), FoldConstant, FoldScaleAxis (scales folded into Conv weights), EliminateCommonSubexpr; AlterOpLayout keeps NCHW (TVM alters conv layouts only for tuned winograd/int8/tensor-core schedules); then FuseOps by op pattern: Conv/Gemm/MatMul with the whole elementwise chain after it (kOutEWiseFusable), chains of elementwise/broadcast ops, such chains into the reduction after them (kCommReduce), and injective ops (Transpose, Slice, Expand, Reshape…) with their elementwise neighbours (kInjective).',
    passes: [simplifyInference, foldConstants, fuseConvBn, eliminateCommonSubexpressions, eliminateIdentity, simplifyShapes, eliminateDeadCode, fuseBiasActivation, fuseElementwise, fuseEpilogue, fuseReduce, fuseInjective, eliminateDeadCode],
  },
  'tvm-nhwc': {
    description: 'TVM Relay with ConvertLayout({"nn.conv2d": ["NHWC", "default"]}) before the build, as for GPUs whose schedules want channels last: the tvm pipeline with convolutions and pools in NHWC (HWIO weights) and the layout Transposes sunk and cancelled before FuseOps.',
    passes: [simplifyInference, foldConstants, fuseConvBn, eliminateCommonSubexpressions, eliminateIdentity, simplifyShapes, eliminateDeadCode, toNhwc, sinkTransposes, fuseBiasActivation, fuseElementwise, fuseEpilogue, fuseReduce, fuseInjective, eliminateDeadCode],
  },
};
