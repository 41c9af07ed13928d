// The general op families: one file per family in this folder, gathered here. Keys are op types
// of the default domain, or '<domain>.<OpType>' for com.microsoft and kiln ops (see ops.ts).
import type { OpDef } from '../../op-def.ts';
import { ARG_OPS } from './arg-min-max.ts';
import { ATTENTION_OPS } from './attention.ts';
import { CONCAT_OPS } from './concat.ts';
import { BITWISE_OPS } from './bitwise.ts';
import { CONSTANT_OF_SHAPE_OPS } from './constant-of-shape.ts';
import { CUMULATIVE_OPS } from './cumulative.ts';
import { DEPTH_SPACE_OPS } from './depth-space.ts';
import { DYNAMIC_QUANTIZE_OPS } from './dynamic-quantize.ts';
import { ELEMENTWISE_OPS } from './elementwise-ops.ts';
import { FUSED_ELEMENTWISE_OPS } from './fused-elementwise.ts';
import { FUSED_ELEMENTWISE_MULTI_OPS } from './fused-elementwise-multi.ts';
import { FUSED_MATMUL_OPS } from './fused-matmul.ts';
import { MATMUL_EPILOGUE_OPS } from './matmul-epilogue.ts';
import { FUSED_INJECTIVE_OPS } from './fused-injective.ts';
import { FUSED_REDUCE_OPS } from './fused-reduce.ts';
import { GATHER_ELEMENTS_OPS } from './gather-elements.ts';
import { GRID_SAMPLE_OPS } from './grid-sample.ts';
import { HARDMAX_OPS } from './hardmax.ts';
import { INTEGER_CONV_OPS } from './integer-conv.ts';
import { LAYER_NORM_OPS } from './layer-norm.ts';
import { LOSS_OPS } from './loss.ts';
import { NORMALIZATION_OPS } from './normalization.ts';
import { ONNX_ATTENTION_OPS } from './onnx-attention.ts';
import { ONE_HOT_OPS } from './one-hot.ts';
import { QLINEAR_BINARY_OPS } from './qlinear-binary.ts';
import { QLINEAR_MATMUL_OPS } from './qlinear-matmul.ts';
import { QLINEAR_POOL_OPS } from './qlinear-pool.ts';
import { QUANTIZE_OPS } from './quantize-linear.ts';
import { RANGE_OPS } from './range.ts';
import { REDUCE_OPS } from './reduce.ts';
import { REPLICATE_OPS } from './expand-tile.ts';
import { SCATTER_OPS } from './scatter.ts';
import { SLICE_OPS } from './slice.ts';
import { SOFTMAX_OPS } from './softmax.ts';
import { SPECTRAL_OPS } from './spectral.ts';
import { TOP_K_OPS } from './top-k.ts';
import { TRIG_OPS } from './trig.ts';
import { TRILU_OPS } from './trilu.ts';
import { WINDOW_OPS } from './window.ts';

export const GENERAL_OPS: Readonly<Record<string, OpDef>> = {
  ...ELEMENTWISE_OPS,
  ...FUSED_ELEMENTWISE_OPS,
  ...FUSED_ELEMENTWISE_MULTI_OPS,
  ...FUSED_REDUCE_OPS,
  ...FUSED_INJECTIVE_OPS,
  ...SOFTMAX_OPS,
  ...REDUCE_OPS,
  ...ARG_OPS,
  ...LAYER_NORM_OPS,
  ...CONCAT_OPS,
  ...SLICE_OPS,
  ...REPLICATE_OPS,
  ...FUSED_MATMUL_OPS,
  ...MATMUL_EPILOGUE_OPS,
  ...ATTENTION_OPS,
  ...ONNX_ATTENTION_OPS,
  ...QUANTIZE_OPS,
  ...DYNAMIC_QUANTIZE_OPS,
  ...QLINEAR_MATMUL_OPS,
  ...INTEGER_CONV_OPS,
  ...QLINEAR_BINARY_OPS,
  ...QLINEAR_POOL_OPS,
  ...GATHER_ELEMENTS_OPS,
  ...LOSS_OPS,
  ...SCATTER_OPS,
  ...TRILU_OPS,
  ...CUMULATIVE_OPS,
  ...DEPTH_SPACE_OPS,
  ...ONE_HOT_OPS,
  ...RANGE_OPS,
  ...GRID_SAMPLE_OPS,
  ...TRIG_OPS,
  ...HARDMAX_OPS,
  ...NORMALIZATION_OPS,
  ...CONSTANT_OF_SHAPE_OPS,
  ...TOP_K_OPS,
  ...BITWISE_OPS,
  ...WINDOW_OPS,
  ...SPECTRAL_OPS,
};
