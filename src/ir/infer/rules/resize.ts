// Resampling: Resize (sizes or scales, optional axes and aspect-ratio policy), Upsample, and the
// grid ops GridSample and AffineGrid.
import { attrFloats, attrInts, attrString } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { normalizeAxis } from '../dims.ts';
import { numbersOf } from '../known-value.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';

function scaled(d: Dim, scale: number, fresh: () => string): Dim {
  if (scale === 1) return d;
  return typeof d === 'number' ? Math.floor(d * scale + 1e-6) : fresh();
}

/** Output shape from per-axis sizes (honouring keep_aspect_ratio_policy). */
function fromSizes(ctx: InferContext, x: Shape, axes: readonly number[], sizes: readonly number[]): Shape {
  const policy = attrString(ctx.node, 'keep_aspect_ratio_policy', 'stretch');
  const out = [...x];
  if (policy === 'stretch') {
    axes.forEach((a, j) => (out[a] = sizes[j]!));
    return out;
  }
  const dims = axes.map((a) => x[a]);
  if (!dims.every((d): d is number => typeof d === 'number')) return x.map((d, k) => (axes.includes(k) ? ctx.fresh() : d));
  const ratios = axes.map((_, j) => sizes[j]! / dims[j]!);
  const scale = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
  axes.forEach((a, j) => (out[a] = Math.round(scale * dims[j]!)));
  return out;
}

function resizeShape(ctx: InferContext, x: Shape): Shape {
  const axes = (attrInts(ctx.node, 'axes') ?? x.map((_, k) => k)).map((a) => normalizeAxis(a, x.length));
  const [scalesAt, sizesAt] = ctx.opset < 11 ? [1, -1] : [2, 3];
  const sizesGiven = sizesAt > 0 && ctx.has(sizesAt) && ctx.shape(sizesAt)?.[0] !== 0;
  if (sizesGiven) {
    const sizes = ctx.ints(sizesAt);
    if (!sizes) return x.map((d, k) => (axes.includes(k) ? ctx.fresh() : d));
    if (sizes.length !== axes.length) throw new InferError(`sizes has ${sizes.length} values for ${axes.length} axes`);
    return fromSizes(ctx, x, axes, sizes);
  }
  if (!ctx.has(scalesAt)) throw new InferError('neither scales nor sizes is given');
  const scales = numbersOf(ctx.value(scalesAt));
  if (!scales) return x.map((d, k) => (axes.includes(k) ? ctx.fresh() : d));
  if (scales.length !== axes.length) throw new InferError(`scales has ${scales.length} values for ${axes.length} axes`);
  const out = [...x];
  axes.forEach((a, j) => (out[a] = scaled(x[a]!, scales[j]!, ctx.fresh)));
  return out;
}

export const resizeRules: RuleTable = {
  Resize: (ctx) => {
    const x = ctx.shape(0);
    return [tensorType(ctx.dtype(0), x ? resizeShape(ctx, x) : undefined)];
  },
  Upsample: (ctx) => {
    const x = ctx.shape(0);
    if (!x) return [tensorType(ctx.dtype(0))];
    const scales = attrFloats(ctx.node, 'scales') ?? numbersOf(ctx.value(1));
    if (!scales) return [tensorType(ctx.dtype(0), x.map(() => ctx.fresh()))];
    if (scales.length !== x.length) throw new InferError(`scales has ${scales.length} values for rank ${x.length}`);
    return [tensorType(ctx.dtype(0), x.map((d, k) => scaled(d, scales[k]!, ctx.fresh)))];
  },
  GridSample: (ctx) => {
    const x = ctx.shape(0);
    const grid = ctx.shape(1);
    if (!x || !grid) return [tensorType(ctx.dtype(0))];
    return [tensorType(ctx.dtype(0), [x[0]!, x[1]!, ...grid.slice(1, -1)])];
  },
  // AffineGrid(theta [N, r, r+1], size [N, C, ...spatial]) -> [N, ...spatial, r]
  AffineGrid: (ctx) => {
    const size = ctx.ints(1);
    const theta = ctx.shape(0);
    if (!size) {
      const n = ctx.shape(1)?.[0];
      return [tensorType(ctx.dtype(0), typeof n === 'number' ? [theta?.[0] ?? ctx.fresh(), ...Array.from({ length: n - 2 }, () => ctx.fresh()), n - 2] : undefined)];
    }
    return [tensorType(ctx.dtype(0), [size[0]!, ...size.slice(2), size.length - 2])];
  },
};
