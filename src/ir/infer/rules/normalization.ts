// Normalizations keep their input's shape; the statistics outputs (BatchNormalization's running
// stats, LayerNormalization's mean and inverse std) get their own shapes.
import { attrInt } from '../../attributes.ts';
import type { Shape } from '../../types.ts';
import { normalizeAxis } from '../dims.ts';
import { tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { dtypeAttr, sameAs } from './common.ts';

const batchNorm = (ctx: InferContext) => {
  const x = ctx.shape(0);
  const channels: Shape | undefined = x && x.length > 1 ? [x[1]!] : ctx.shape(1);
  const stats = tensorType(ctx.dtype(3) ?? ctx.dtype(0), channels);
  return [ctx.type(0), ...Array.from({ length: Math.max(0, ctx.outputCount - 1) }, () => stats)];
};

/** Mean and inverse std of a layer norm: reduced axes kept as 1. */
function layerNormStats(ctx: InferContext, defaultAxis: number) {
  const x = ctx.shape(0);
  const dtype = dtypeAttr(ctx, 'stash_type', 'float32');
  if (!x) return tensorType(dtype);
  const axis = normalizeAxis(attrInt(ctx.node, 'axis', defaultAxis), x.length);
  return tensorType(dtype, x.map((d, k) => (k < axis ? d : 1)));
}

const layerNorm = (ctx: InferContext) => {
  const stats = layerNormStats(ctx, -1);
  return [ctx.type(0), stats, stats];
};

export const normalizationRules: RuleTable = {
  BatchNormalization: batchNorm,
  InstanceNormalization: sameAs(0),
  LpNormalization: sameAs(0),
  LRN: sameAs(0),
  MeanVarianceNormalization: sameAs(0),
  GroupNormalization: sameAs(0),
  RMSNormalization: sameAs(0),
  LayerNormalization: layerNorm,
};

/** com.microsoft: LayerNormalization variants and the fused skip + layer norm. */
export const contribNormalizationRules: RuleTable = {
  LayerNormalization: layerNorm,
  SimplifiedLayerNormalization: (ctx) => {
    const stats = layerNormStats(ctx, -1);
    return [ctx.type(0), stats];
  },
  // SkipLayerNormalization(input, skip, gamma, beta?, bias?) -> output, mean, inv_std_var, input_skip_bias_sum
  SkipLayerNormalization: (ctx) => {
    const x = ctx.shape(0);
    const stats = tensorType('float32', x ? [...x.slice(0, -1), 1] : undefined);
    return [ctx.type(0), stats, stats, ctx.type(0)];
  },
  SkipSimplifiedLayerNormalization: (ctx) => {
    const x = ctx.shape(0);
    const stats = tensorType('float32', x ? [...x.slice(0, -1), 1] : undefined);
    return [ctx.type(0), stats, stats, ctx.type(0)];
  },
};
