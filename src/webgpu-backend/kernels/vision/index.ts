// The vision op families: one file per family in this folder, gathered here. Keys are op types
// of the default domain, or '<domain>.<OpType>' for com.microsoft and kiln ops (see ops.ts).
import type { OpDef } from '../../op-def.ts';
import { ACTIVATION_OPS } from './activations.ts';
import { BATCH_NORM_OPS } from './batch-norm.ts';
import { CONV_TRANSPOSE_OPS } from './conv-transpose.ts';
import { CONV_EPILOGUE_OPS } from './conv-epilogue.ts';
import { CONV_OPS } from './conv.ts';
import { GLOBAL_POOL_OPS } from './global-pool.ts';
import { INSTANCE_NORM_OPS } from './instance-norm.ts';
import { LRN_OPS } from './lrn.ts';
import { PAD_OPS } from './pad.ts';
import { POOL_OPS } from './pool.ts';
import { RESIZE_OPS } from './resize.ts';

export const VISION_OPS: Readonly<Record<string, OpDef>> = {
  ...CONV_OPS,
  ...CONV_EPILOGUE_OPS,
  ...CONV_TRANSPOSE_OPS,
  ...POOL_OPS,
  ...GLOBAL_POOL_OPS,
  ...BATCH_NORM_OPS,
  ...INSTANCE_NORM_OPS,
  ...LRN_OPS,
  ...ACTIVATION_OPS,
  ...PAD_OPS,
  ...RESIZE_OPS,
};
