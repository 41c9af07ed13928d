// Pooling: windowed pools (kernel_shape attribute), global pools, unpooling and region pools.
import { attrInt, attrInts } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { formatShape } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { readWindow, windowOutput } from './spatial.ts';

function pooledShape(ctx: InferContext, x: Shape): Shape {
  const kernel = attrInts(ctx.node, 'kernel_shape');
  if (!kernel) throw new InferError('kernel_shape attribute is required');
  if (x.length !== kernel.length + 2) throw new InferError(`input ${formatShape(x)} does not have ${kernel.length} spatial axes`);
  const win = readWindow(ctx.node, kernel);
  return [x[0]!, x[1]!, ...x.slice(2).map((d, k) => windowOutput(win, k, d, ctx.fresh))];
}

const pool = (ctx: InferContext) => {
  const x = ctx.shape(0);
  const shape = x ? pooledShape(ctx, x) : undefined;
  return [tensorType(ctx.dtype(0), shape), tensorType(ctx.tensor(0) ? 'int64' : undefined, shape)];
};

const globalPool = (ctx: InferContext) => {
  const x = ctx.shape(0);
  return [tensorType(ctx.dtype(0), x ? [...x.slice(0, 2), ...x.slice(2).map(() => 1)] : undefined)];
};

function unpooledShape(ctx: InferContext, x: Shape): Shape | undefined {
  if (ctx.has(2)) return ctx.ints(2) ?? x.map(() => ctx.fresh());
  const kernel = attrInts(ctx.node, 'kernel_shape');
  if (!kernel) throw new InferError('kernel_shape attribute is required');
  const r = kernel.length;
  const strides = attrInts(ctx.node, 'strides', Array(r).fill(1));
  const pads = attrInts(ctx.node, 'pads', Array(2 * r).fill(0));
  const spatial = x.slice(2).map((d, k): Dim => (typeof d === 'number' ? (d - 1) * strides[k]! + kernel[k]! - pads[k]! - pads[k + r]! : ctx.fresh()));
  return [x[0]!, x[1]!, ...spatial];
}

export const poolRules: RuleTable = {
  AveragePool: pool,
  MaxPool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  MaxUnpool: (ctx) => {
    const x = ctx.shape(0);
    const shape = x ? unpooledShape(ctx, x) : undefined;
    return [tensorType(ctx.dtype(0), shape)];
  },
  MaxRoiPool: (ctx) => {
    const x = ctx.shape(0);
    const rois = ctx.shape(1);
    const pooled = attrInts(ctx.node, 'pooled_shape');
    if (!x || !rois || !pooled) return [tensorType(ctx.dtype(0))];
    return [tensorType(ctx.dtype(0), [rois[0]!, x[1]!, ...pooled])];
  },
  RoiAlign: (ctx) => {
    const x = ctx.shape(0);
    const rois = ctx.shape(1);
    if (!x || !rois) return [tensorType(ctx.dtype(0))];
    return [tensorType(ctx.dtype(0), [rois[0]!, x[1]!, attrInt(ctx.node, 'output_height', 1), attrInt(ctx.node, 'output_width', 1)])];
  },
  // Col2Im(input [N, C*prod(block), L], image_shape, block_shape) -> [N, C, ...image_shape]
  Col2Im: (ctx) => {
    const x = ctx.shape(0);
    const image = ctx.ints(1);
    const block = ctx.ints(2);
    if (!x) return [tensorType(ctx.dtype(0))];
    const c = typeof x[1] === 'number' && block ? x[1] / block.reduce((a, b) => a * b, 1) : ctx.fresh();
    const spatial = image ?? (typeof ctx.shape(1)?.[0] === 'number' ? Array.from({ length: ctx.shape(1)![0] as number }, () => ctx.fresh()) : undefined);
    return [tensorType(ctx.dtype(0), spatial ? [x[0]!, c, ...spatial] : undefined)];
  },
};
