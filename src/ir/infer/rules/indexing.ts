// Indexing ops: Slice, the Gather and Scatter families, and ops whose output length depends on
// data (Compress, NonZero, Unique, TopK with a computed k, OneHot's depth).
import { attrInt, attrInts } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { formatShape, normalizeAxis } from '../dims.ts';
import { numbersOf } from '../known-value.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { sameAs } from './common.ts';

/** Elements a slice of a static dim keeps (numpy clamping rules). */
export function sliceLength(dim: number, start: number, end: number, step: number): number {
  if (step === 0) throw new InferError('slice step is 0');
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v < 0 ? v + dim : v));
  const [lo, hi] = step > 0 ? [0, dim] : [-1, dim - 1];
  const s = clamp(start, lo, hi);
  const e = clamp(end, lo, hi);
  return Math.max(0, Math.ceil((e - s) / step));
}

/** A slice of a symbolic dim: the whole dim when it takes everything, else a fresh name. */
function sliceDim(d: Dim, start: number, end: number, step: number, fresh: () => string): Dim {
  if (typeof d === 'number') return sliceLength(d, start, end, step);
  const wholeForward = step === 1 && (start === 0 || start <= -(2 ** 31)) && end >= 2 ** 31 - 1;
  const wholeBackward = step === -1 && start >= 2 ** 31 - 1 && end <= -(2 ** 31);
  return wholeForward || wholeBackward ? d : fresh();
}

export function sliceParams(ctx: InferContext): { starts: number[]; ends: number[]; axes?: number[]; steps?: number[] } | undefined {
  if (ctx.opset < 10) {
    const starts = attrInts(ctx.node, 'starts');
    const ends = attrInts(ctx.node, 'ends');
    return starts && ends ? { starts: [...starts], ends: [...ends], axes: attrInts(ctx.node, 'axes')?.slice() } : undefined;
  }
  const starts = ctx.ints(1);
  const ends = ctx.ints(2);
  const axes = ctx.has(3) ? ctx.ints(3) : undefined;
  const steps = ctx.has(4) ? ctx.ints(4) : undefined;
  if (!starts || !ends || (ctx.has(3) && !axes) || (ctx.has(4) && !steps)) return undefined;
  return { starts, ends, axes, steps };
}

function sliceShape(ctx: InferContext, x: Shape): Shape {
  const p = sliceParams(ctx);
  if (!p) {
    // Unknown bounds: only the axes the slice touches change, and those may be unknown too.
    const axes = ctx.opset >= 10 && ctx.has(3) ? ctx.ints(3) : undefined;
    if (!axes) return x.map(() => ctx.fresh());
    const touched = new Set(axes.map((a) => normalizeAxis(a, x.length)));
    return x.map((d, k) => (touched.has(k) ? ctx.fresh() : d));
  }
  const axes = p.axes ?? p.starts.map((_, k) => k);
  if (p.starts.length !== axes.length || p.ends.length !== axes.length || (p.steps && p.steps.length !== axes.length)) {
    throw new InferError(`starts, ends, axes and steps have different lengths (${p.starts.length}, ${p.ends.length}, ${axes.length}, ${p.steps?.length ?? '-'})`);
  }
  const out = [...x];
  axes.forEach((a, j) => {
    const k = normalizeAxis(a, x.length);
    out[k] = sliceDim(x[k]!, p.starts[j]!, p.ends[j]!, p.steps?.[j] ?? 1, ctx.fresh);
  });
  return out;
}

function gatherNDShape(ctx: InferContext, data: Shape, indices: Shape): Shape | undefined {
  const b = attrInt(ctx.node, 'batch_dims', 0);
  const last = indices[indices.length - 1];
  if (typeof last !== 'number') return undefined;
  if (b + last > data.length) throw new InferError(`indices' last dim ${last} plus batch_dims ${b} exceeds data rank ${data.length}`);
  return [...indices.slice(0, -1), ...data.slice(b + last)];
}

/** How many elements of a known condition are true (Compress keeps those). */
function countTrue(ctx: InferContext, i: number): number | undefined {
  const v = numbersOf(ctx.value(i));
  return v ? v.filter((x) => x !== 0).length : undefined;
}

export const indexingRules: RuleTable = {
  Slice: (ctx) => {
    const x = ctx.shape(0);
    return [tensorType(ctx.dtype(0), x ? sliceShape(ctx, x) : undefined)];
  },
  Gather: (ctx) => {
    const data = ctx.shape(0);
    const indices = ctx.shape(1);
    if (!data || !indices) return [tensorType(ctx.dtype(0))];
    const axis = normalizeAxis(attrInt(ctx.node, 'axis', 0), data.length);
    return [tensorType(ctx.dtype(0), [...data.slice(0, axis), ...indices, ...data.slice(axis + 1)])];
  },
  GatherElements: (ctx) => [tensorType(ctx.dtype(0), ctx.shape(1))],
  GatherND: (ctx) => {
    const data = ctx.shape(0);
    const indices = ctx.shape(1);
    return [tensorType(ctx.dtype(0), data && indices ? gatherNDShape(ctx, data, indices) : undefined)];
  },
  Scatter: sameAs(0),
  ScatterElements: sameAs(0),
  ScatterND: sameAs(0),
  TensorScatter: sameAs(0),
  Compress: (ctx) => {
    const x = ctx.shape(0);
    if (!x) return [tensorType(ctx.dtype(0))];
    const axis = attrInt(ctx.node, 'axis');
    const kept: Dim = countTrue(ctx, 1) ?? ctx.fresh();
    if (axis === undefined) return [tensorType(ctx.dtype(0), [kept])];
    const a = normalizeAxis(axis, x.length);
    const size = x[a]!;
    return [tensorType(ctx.dtype(0), x.map((d, k) => (k === a ? (typeof kept === 'number' && typeof size === 'number' ? Math.min(kept, size) : kept) : d)))];
  },
  OneHot: (ctx) => {
    const indices = ctx.shape(0);
    const depth = ctx.ints(1)?.[0];
    if (!indices) return [tensorType(ctx.dtype(2))];
    const rank = indices.length + 1;
    const axis = normalizeAxis(attrInt(ctx.node, 'axis', -1), rank);
    const out: Dim[] = [...indices];
    out.splice(axis, 0, depth !== undefined ? Math.trunc(depth) : ctx.fresh());
    return [tensorType(ctx.dtype(2), out)];
  },
  NonZero: (ctx) => {
    const x = ctx.shape(0);
    const count = countTrue(ctx, 0);
    return [tensorType('int64', x ? [x.length, count ?? ctx.fresh()] : undefined)];
  },
  Unique: (ctx) => {
    const x = ctx.shape(0);
    const dtype = ctx.dtype(0);
    const axis = attrInt(ctx.node, 'axis');
    const u: Dim = uniqueCount(ctx, axis) ?? ctx.fresh();
    if (!x) return [tensorType(dtype), tensorType('int64', [u]), tensorType('int64'), tensorType('int64', [u])];
    if (axis === undefined) {
      const total = x.every((d): d is number => typeof d === 'number') ? x.reduce((a, b) => a * b, 1) : ctx.fresh();
      return [tensorType(dtype, [u]), tensorType('int64', [u]), tensorType('int64', [total]), tensorType('int64', [u])];
    }
    const a = normalizeAxis(axis, x.length);
    return [tensorType(dtype, x.map((d, k) => (k === a ? u : d))), tensorType('int64', [u]), tensorType('int64', [x[a]!]), tensorType('int64', [u])];
  },
  TopK: (ctx) => {
    const x = ctx.shape(0);
    if (!x) return [tensorType(ctx.dtype(0)), tensorType('int64')];
    const axis = normalizeAxis(attrInt(ctx.node, 'axis', -1), x.length);
    const k = ctx.opset < 10 ? attrInt(ctx.node, 'k') : ctx.ints(1)?.[0];
    const shape = x.map((d, j) => (j === axis ? (k ?? ctx.fresh()) : d));
    if (typeof k === 'number' && typeof x[axis] === 'number' && k > (x[axis] as number)) throw new InferError(`k=${k} exceeds axis ${axis} of ${formatShape(x)}`);
    return [tensorType(ctx.dtype(0), shape), tensorType('int64', shape)];
  },
};

/** Distinct elements (or slices along axis) of a known input. */
function uniqueCount(ctx: InferContext, axis: number | undefined): number | undefined {
  const v = ctx.value(0);
  const values = numbersOf(v);
  if (!v || !values) return undefined;
  if (axis === undefined) return new Set(values).size;
  const dims = v.dims;
  const a = normalizeAxis(axis, dims.length);
  const inner = dims.slice(a + 1).reduce((p, q) => p * q, 1);
  const outer = dims.slice(0, a).reduce((p, q) => p * q, 1);
  const n = dims[a]!;
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const slice: number[] = [];
    for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) slice.push(values[(o * n + i) * inner + j]!);
    keys.add(slice.join(','));
  }
  return keys.size;
}
