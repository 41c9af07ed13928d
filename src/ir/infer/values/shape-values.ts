// Known values through the ops that build and slice shape vectors: Shape, Size, Constant,
// ConstantOfShape, Range, Gather, Slice, Concat, Split, Transpose, Expand, Tile, reductions, and
// the reshaping ops (which keep the elements and take the dims from the inferred output type).
import { attrInt, getAttribute } from '../../attributes.ts';
import type { Dim } from '../../types.ts';
import { isStaticShape, mulDims, normalizeAxis } from '../dims.ts';
import { knownValue, numbersOf, valueOfTensor, MAX_KNOWN_ELEMENTS, type KnownValue } from '../known-value.ts';
import type { OutputTypes, ValueRule, ValueRuleTable } from '../rule.ts';
import { constantTensor } from '../rules/constant.ts';
import { sliceParams } from '../rules/indexing.ts';
import { mapBroadcast } from './elementwise-values.ts';
import { flatIndex, forEachIndex, stridesOf } from './nd.ts';

function staticOutput(outputs: OutputTypes, k = 0): readonly number[] | undefined {
  const t = outputs[k];
  return t?.kind === 'tensor' && t.shape && isStaticShape(t.shape) ? t.shape : undefined;
}

/** Same elements, new dims: Reshape, Flatten, Squeeze, Unsqueeze. */
const sameElements: ValueRule = (ctx, outputs) => {
  const v = ctx.value(0);
  const dims = staticOutput(outputs);
  return v && dims ? [{ dims, values: v.values }] : undefined;
};

/** Output elements picked from input 0 by a map from output multi-index to input flat index. */
function pick(v: KnownValue, dims: readonly number[], source: (index: readonly number[]) => number): KnownValue | undefined {
  if (dims.reduce((a, b) => a * b, 1) > MAX_KNOWN_ELEMENTS) return undefined;
  const values: Dim[] = [];
  forEachIndex(dims, (index) => values.push(v.values[source(index)] ?? null));
  return knownValue(dims, values);
}

const gather: ValueRule = (ctx, outputs) => {
  const data = ctx.value(0);
  const indices = numbersOf(ctx.value(1));
  const dims = staticOutput(outputs);
  if (!data || !indices || !dims) return undefined;
  const axis = normalizeAxis(attrInt(ctx.node, 'axis', 0), data.dims.length);
  const idxRank = ctx.value(1)!.dims.length;
  const idxStrides = stridesOf(ctx.value(1)!.dims);
  const strides = stridesOf(data.dims);
  const n = data.dims[axis]!;
  return [
    pick(data, dims, (index) => {
      const at = indices[flatIndex(index.slice(axis, axis + idxRank), idxStrides)]!;
      const source = [...index.slice(0, axis), at < 0 ? at + n : at, ...index.slice(axis + idxRank)];
      return flatIndex(source, strides);
    }),
  ];
};

const slice: ValueRule = (ctx, outputs) => {
  const data = ctx.value(0);
  const p = sliceParams(ctx);
  const dims = staticOutput(outputs);
  if (!data || !p || !dims) return undefined;
  const r = data.dims.length;
  const start = Array<number>(r).fill(0);
  const step = Array<number>(r).fill(1);
  (p.axes ?? p.starts.map((_, k) => k)).forEach((a, j) => {
    const k = normalizeAxis(a, r);
    const n = data.dims[k]!;
    const st = p.steps?.[j] ?? 1;
    const s = p.starts[j]!;
    const clamped = s < 0 ? s + n : s;
    start[k] = st > 0 ? Math.min(n, Math.max(0, clamped)) : Math.min(n - 1, Math.max(-1, clamped));
    step[k] = st;
  });
  const strides = stridesOf(data.dims);
  return [pick(data, dims, (index) => flatIndex(index.map((i, k) => start[k]! + i * step[k]!), strides))];
};

const concat: ValueRule = (ctx, outputs) => {
  const dims = staticOutput(outputs);
  const parts = Array.from({ length: ctx.inputCount }, (_, i) => ctx.value(i));
  if (!dims || parts.some((p) => !p)) return undefined;
  const axis = normalizeAxis(attrInt(ctx.node, 'axis', 0), dims.length);
  const values: Dim[] = [];
  const outer = dims.slice(0, axis).reduce((a, b) => a * b, 1);
  for (let o = 0; o < outer; o++) {
    for (const p of parts as KnownValue[]) {
      const chunk = p.dims.slice(axis).reduce((a, b) => a * b, 1);
      values.push(...p.values.slice(o * chunk, (o + 1) * chunk));
    }
  }
  return [knownValue(dims, values)];
};

const split: ValueRule = (ctx, outputs) => {
  const data = ctx.value(0);
  if (!data) return undefined;
  const axis = normalizeAxis(attrInt(ctx.node, 'axis', 0), data.dims.length);
  const strides = stridesOf(data.dims);
  let offset = 0;
  return outputs.map((_, k) => {
    const dims = staticOutput(outputs, k);
    if (!dims) return undefined;
    const at = offset;
    offset += dims[axis]!;
    return pick(data, dims, (index) => flatIndex(index.map((i, j) => (j === axis ? i + at : i)), strides));
  });
};

/** Broadcast input 0 to the output dims (Expand) or repeat it (Tile). */
const expand: ValueRule = (ctx, outputs) => {
  const dims = staticOutput(outputs);
  const v = ctx.value(0);
  return v && dims ? [mapBroadcast([v, { dims, values: Array(dims.reduce((a, b) => a * b, 1)).fill(0) }], ([x]) => x!)] : undefined;
};

const tile: ValueRule = (ctx, outputs) => {
  const dims = staticOutput(outputs);
  const v = ctx.value(0);
  if (!v || !dims) return undefined;
  const strides = stridesOf(v.dims);
  return [pick(v, dims, (index) => flatIndex(index.map((i, k) => i % v.dims[k]!), strides))];
};

const transpose: ValueRule = (ctx, outputs) => {
  const dims = staticOutput(outputs);
  const v = ctx.value(0);
  if (!v || !dims) return undefined;
  const r = v.dims.length;
  const perm = (getAttribute(ctx.node, 'perm')?.value as readonly number[] | undefined) ?? v.dims.map((_, k) => r - 1 - k);
  const strides = stridesOf(v.dims);
  return [pick(v, dims, (index) => perm.reduce((o, p, k) => o + index[k]! * strides[p]!, 0))];
};

/** Reductions of known values when everything folds into one element (shape-size products). */
function fold(f: (a: Dim, b: Dim) => Dim, init: Dim): ValueRule {
  return (ctx, outputs) => {
    const v = ctx.value(0);
    const dims = staticOutput(outputs);
    if (!v || !dims || dims.reduce((a, b) => a * b, 1) !== 1) return undefined;
    return [{ dims, values: [v.values.reduce<Dim>((acc, x) => f(acc, x), init)] }];
  };
}

const numbersOnly = (f: (a: number, b: number) => number) => (a: Dim, b: Dim) => (typeof a === 'number' && typeof b === 'number' ? f(a, b) : null);

/** An If whose condition is known passes on the values of the branch that runs. */
const ifValues: ValueRule = (ctx) => {
  const cond = ctx.ints(0)?.[0];
  if (cond === undefined) return undefined;
  const branch = getAttribute(ctx.node, cond !== 0 ? 'then_branch' : 'else_branch');
  if (branch?.type !== 'graph') return undefined;
  return branch.value.outputs.map((o) => ctx.valueOf(o.name));
};

export const shapeValueRules: ValueRuleTable = {
  If: ifValues,
  Shape: (ctx, outputs) => {
    const x = ctx.shape(0);
    const n = staticOutput(outputs)?.[0];
    if (!x || n === undefined) return undefined;
    const r = x.length;
    const s = attrInt(ctx.node, 'start', 0);
    const start = Math.min(r, Math.max(0, s < 0 ? s + r : s));
    return [{ dims: [n], values: x.slice(start, start + n) }];
  },
  Size: (ctx) => {
    const x = ctx.shape(0);
    return x ? [{ dims: [], values: [mulDims(x)] }] : undefined;
  },
  Constant: (ctx) => {
    const t = constantTensor(ctx.node);
    return [t && valueOfTensor(t)];
  },
  ConstantOfShape: (ctx, outputs) => {
    const dims = staticOutput(outputs);
    const value = getAttribute(ctx.node, 'value');
    const fill = value?.type === 'tensor' ? (numbersOf(valueOfTensor(value.value))?.[0] ?? null) : 0;
    return dims ? [knownValue(dims, Array(Math.min(dims.reduce((a, b) => a * b, 1), MAX_KNOWN_ELEMENTS + 1)).fill(fill))] : undefined;
  },
  Range: (ctx, outputs) => {
    const [start, delta] = [ctx.ints(0)?.[0], ctx.ints(2)?.[0]];
    const n = staticOutput(outputs)?.[0];
    if (start === undefined || delta === undefined || n === undefined || n > MAX_KNOWN_ELEMENTS) return undefined;
    return [{ dims: [n], values: Array.from({ length: n }, (_, i) => start + i * delta) }];
  },
  Reshape: sameElements,
  Flatten: sameElements,
  Squeeze: sameElements,
  Unsqueeze: sameElements,
  Gather: gather,
  Slice: slice,
  Concat: concat,
  Split: split,
  Expand: expand,
  Tile: tile,
  Transpose: transpose,
  ReduceProd: fold((a, b) => mulDims([a, b]), 1),
  ReduceSum: fold((a, b) => (typeof a === 'number' && typeof b === 'number' ? a + b : a === 0 ? b : b === 0 ? a : null), 0),
  ReduceMax: fold(numbersOnly(Math.max), -Infinity),
  ReduceMin: fold(numbersOnly(Math.min), Infinity),
};
