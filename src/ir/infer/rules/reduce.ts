// Reductions. Axes moved from an attribute to an input at opset 13 (ReduceSum) and 18 (the
// others); with no axes every axis is reduced unless noop_with_empty_axes says otherwise.
import { attrInt, attrInts } from '../../attributes.ts';
import type { Shape } from '../../types.ts';
import { normalizeAxis } from '../dims.ts';
import { tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { sameAs } from './common.ts';

const REDUCE_OPS = ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];

function axesFromInput(ctx: InferContext): boolean {
  return ctx.opset >= (ctx.node.opType === 'ReduceSum' ? 13 : 18);
}

export function reducedShape(x: Shape, axes: readonly number[], keepdims: boolean): Shape {
  const reduce = new Set(axes.map((a) => normalizeAxis(a, x.length)));
  const out: Shape[number][] = [];
  x.forEach((d, k) => {
    if (!reduce.has(k)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

const reduce = (ctx: InferContext) => {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  if (!x) return [tensorType(dtype)];
  const keepdims = attrInt(ctx.node, 'keepdims', 1) === 1;
  let axes: readonly number[] | undefined;
  if (axesFromInput(ctx) && ctx.has(1)) {
    axes = ctx.ints(1);
    if (!axes) {
      // Axes unknown: with keepdims the rank stays and each dim may have become 1.
      const count = ctx.shape(1)?.[0];
      if (keepdims) return [tensorType(dtype, x.map(() => ctx.fresh()))];
      return [tensorType(dtype, typeof count === 'number' ? Array.from({ length: x.length - count }, () => ctx.fresh()) : undefined)];
    }
  } else if (!axesFromInput(ctx)) axes = attrInts(ctx.node, 'axes');
  if (!axes || axes.length === 0) {
    if (attrInt(ctx.node, 'noop_with_empty_axes', 0) === 1) return [ctx.type(0)];
    axes = x.map((_, k) => k);
  }
  return [tensorType(dtype, reducedShape(x, axes, keepdims))];
};

const argReduce = (ctx: InferContext) => {
  const x = ctx.shape(0);
  if (!ctx.tensor(0)) return [undefined];
  if (!x) return [tensorType('int64')];
  return [tensorType('int64', reducedShape(x, [attrInt(ctx.node, 'axis', 0)], attrInt(ctx.node, 'keepdims', 1) === 1))];
};

const table: Record<string, RuleTable[string]> = {};
for (const op of REDUCE_OPS) table[op] = reduce;

export const reduceRules: RuleTable = {
  ...table,
  ArgMax: argReduce,
  ArgMin: argReduce,
  CumSum: sameAs(0),
  CumProd: sameAs(0),
};
