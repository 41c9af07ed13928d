// The general op families: one file per family in this folder, gathered here. Keys are op types
// of the default domain, or '<domain>.<OpType>' for com.microsoft and kiln ops (see ops.ts).
import type { OpDef } from '../../op-def.ts';
import { ARG_OPS } from './arg-min-max.ts';
import { ATTENTION_OPS } from './attention.ts';
import { CONCAT_OPS } from './concat.ts';
import { DYNAMIC_QUANTIZE_OPS } from './dynamic-quantize.ts';
import { ELEMENTWISE_OPS } from './elementwise-ops.ts';
import { FUSED_ELEMENTWISE_OPS } from './fused-elementwise.ts';
import { FUSED_MATMUL_OPS } from './fused-matmul.ts';
import { INTEGER_CONV_OPS } from './integer-conv.ts';
import { LAYER_NORM_OPS } from './layer-norm.ts';
import { QLINEAR_BINARY_OPS } from './qlinear-binary.ts';
import { QLINEAR_MATMUL_OPS } from './qlinear-matmul.ts';
import { QLINEAR_POOL_OPS } from './qlinear-pool.ts';
import { QUANTIZE_OPS } from './quantize-linear.ts';
import { REDUCE_OPS } from './reduce.ts';
import { REPLICATE_OPS } from './expand-tile.ts';
import { SLICE_OPS } from './slice.ts';
import { SOFTMAX_OPS } from './softmax.ts';

export const GENERAL_OPS: Readonly<Record<string, OpDef>> = {
  ...ELEMENTWISE_OPS,
  ...FUSED_ELEMENTWISE_OPS,
  ...SOFTMAX_OPS,
  ...REDUCE_OPS,
  ...ARG_OPS,
  ...LAYER_NORM_OPS,
  ...CONCAT_OPS,
  ...SLICE_OPS,
  ...REPLICATE_OPS,
  ...FUSED_MATMUL_OPS,
  ...ATTENTION_OPS,
  ...QUANTIZE_OPS,
  ...DYNAMIC_QUANTIZE_OPS,
  ...QLINEAR_MATMUL_OPS,
  ...INTEGER_CONV_OPS,
  ...QLINEAR_BINARY_OPS,
  ...QLINEAR_POOL_OPS,
};
