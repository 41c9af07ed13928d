// Ops that compute or change a shape without moving data: Shape, Size, Reshape, Flatten,
// Squeeze/Unsqueeze, and the generators Constant, ConstantOfShape, EyeLike, Range.
import { attrInt, attrInts, getAttribute } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { divDims, formatShape, isStaticShape, mulDims, normalizeAxis } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { dtypeAttr } from './common.ts';
import { constantType } from './constant.ts';

/** Dims given by a 1-D shape input: its known elements, else fresh dims when its length is known. */
export function shapeFromInput(ctx: InferContext, i: number): Shape | undefined {
  const v = ctx.value(i);
  if (v) return v.values.map((d) => d ?? ctx.fresh());
  const len = ctx.shape(i)?.[0];
  return typeof len === 'number' ? Array.from({ length: len }, () => ctx.fresh()) : undefined;
}

export function reshapeTarget(ctx: InferContext, x: Shape, target: readonly Dim[], allowZero: boolean): Shape {
  const out: Dim[] = target.map((d, k) => (d === 0 && !allowZero ? (x[k] ?? ctx.fresh()) : d === null ? ctx.fresh() : d));
  const inferAt = out.indexOf(-1);
  if (inferAt >= 0) {
    if (out.indexOf(-1, inferAt + 1) >= 0) throw new InferError(`shape ${formatShape(target)} has more than one -1`);
    const rest = mulDims(out.filter((_, k) => k !== inferAt));
    const total = mulDims(x);
    const d = total === null || rest === null ? undefined : divDims(total, rest);
    if (d === undefined && typeof total === 'number' && typeof rest === 'number') {
      throw new InferError(`cannot reshape ${formatShape(x)} (${total} elements) to ${formatShape(target)}`);
    }
    out[inferAt] = d ?? ctx.fresh();
  } else if (isStaticShape(x) && isStaticShape(out) && mulDims(x) !== mulDims(out)) {
    throw new InferError(`cannot reshape ${formatShape(x)} (${mulDims(x)} elements) to ${formatShape(out)} (${mulDims(out)} elements)`);
  }
  return out;
}

function squeezeAxes(ctx: InferContext): readonly number[] | undefined | 'unknown' {
  if (ctx.opset < 13) return attrInts(ctx.node, 'axes');
  if (!ctx.has(1)) return undefined;
  return ctx.ints(1) ?? 'unknown';
}

export const shapeOpRules: RuleTable = {
  Shape: (ctx) => {
    const x = ctx.shape(0);
    if (!ctx.tensor(0) || !x) return [tensorType(ctx.tensor(0) ? 'int64' : undefined, ctx.tensor(0) ? [ctx.fresh()] : undefined)];
    const r = x.length;
    const clamp = (a: number) => Math.min(r, Math.max(0, a < 0 ? a + r : a));
    const start = clamp(attrInt(ctx.node, 'start', 0));
    const end = clamp(attrInt(ctx.node, 'end', r));
    return [tensorType('int64', [Math.max(0, end - start)])];
  },
  Size: () => [tensorType('int64', [])],
  Reshape: (ctx) => {
    const x = ctx.shape(0);
    const dtype = ctx.dtype(0);
    const target = ctx.opset < 5 ? attrInts(ctx.node, 'shape') : shapeFromInput(ctx, 1);
    if (!target) return [tensorType(dtype)];
    if (!x) return [tensorType(dtype, target.every((d) => typeof d !== 'number' || d > 0) ? target : undefined)];
    return [tensorType(dtype, reshapeTarget(ctx, x, target, attrInt(ctx.node, 'allowzero', 0) === 1))];
  },
  Flatten: (ctx) => {
    const x = ctx.shape(0);
    if (!x) return [tensorType(ctx.dtype(0))];
    const axis = attrInt(ctx.node, 'axis', 1);
    const a = axis < 0 ? axis + x.length : axis;
    if (a < 0 || a > x.length) throw new InferError(`axis ${axis} is out of range for rank ${x.length}`);
    const outer = mulDims(x.slice(0, a)) ?? ctx.fresh();
    const inner = mulDims(x.slice(a)) ?? ctx.fresh();
    return [tensorType(ctx.dtype(0), [outer, inner])];
  },
  Squeeze: (ctx) => {
    const x = ctx.shape(0);
    const axes = squeezeAxes(ctx);
    if (!x || axes === 'unknown') return [tensorType(ctx.dtype(0))];
    if (!axes || axes.length === 0) {
      // Without axes every 1 goes; a symbolic dim might be 1, so the result is then unknown.
      if (!isStaticShape(x)) return [tensorType(ctx.dtype(0))];
      return [tensorType(ctx.dtype(0), x.filter((d) => d !== 1))];
    }
    const drop = new Set(axes.map((a) => normalizeAxis(a, x.length)));
    for (const k of drop) if (typeof x[k] === 'number' && x[k] !== 1) throw new InferError(`cannot squeeze axis ${k} of ${formatShape(x)}: its size is ${x[k]}, not 1`);
    return [tensorType(ctx.dtype(0), x.filter((_, k) => !drop.has(k)))];
  },
  Unsqueeze: (ctx) => {
    const x = ctx.shape(0);
    const axes = ctx.opset < 13 ? attrInts(ctx.node, 'axes') : ctx.ints(1);
    if (!x || !axes) return [tensorType(ctx.dtype(0))];
    const rank = x.length + axes.length;
    const insert = new Set(axes.map((a) => normalizeAxis(a, rank)));
    if (insert.size !== axes.length) throw new InferError(`axes [${axes.join(',')}] repeat an axis`);
    const out: Dim[] = [];
    let next = 0;
    for (let k = 0; k < rank; k++) out.push(insert.has(k) ? 1 : x[next++]!);
    return [tensorType(ctx.dtype(0), out)];
  },
  ConstantOfShape: (ctx) => {
    const value = getAttribute(ctx.node, 'value');
    const dtype = value?.type === 'tensor' ? value.value.dtype : 'float32';
    const shape = shapeFromInput(ctx, 0);
    if (shape?.some((d) => typeof d === 'number' && d < 0)) throw new InferError(`shape ${formatShape(shape)} has a negative dim`);
    return [tensorType(dtype, shape)];
  },
  Constant: (ctx) => [constantType(ctx.node)],
  EyeLike: (ctx) => [tensorType(dtypeAttr(ctx, 'dtype', ctx.dtype(0)), ctx.shape(0))],
  Range: (ctx) => {
    const [start, limit, delta] = [ctx.ints(0)?.[0], ctx.ints(1)?.[0], ctx.ints(2)?.[0]];
    // Range(0, n, 1) has n elements even when n is a symbolic dim (a position index).
    const symbolicLimit = ctx.value(1)?.values[0];
    if (start === 0 && delta === 1 && typeof symbolicLimit === 'string') return [tensorType(ctx.dtype(0), [symbolicLimit])];
    if (start === undefined || limit === undefined || delta === undefined) return [tensorType(ctx.dtype(0), [ctx.fresh()])];
    if (delta === 0) throw new InferError('delta is 0');
    return [tensorType(ctx.dtype(0), [Math.max(0, Math.ceil((limit - start) / delta))])];
  },
};
