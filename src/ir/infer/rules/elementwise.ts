// Elementwise ops: unary math keeps its input's type; binary and variadic ops broadcast (numpy
// rules); comparisons and predicates give bool; casts take their dtype from an attribute or input.
import { dtypeSize } from '../../dtype.ts';
import type { Shape } from '../../types.ts';
import { InferError, tensorType, type RuleTable } from '../rule.ts';
import { broadcast, broadcastInputs, dtypeAttr, sameAs, sameShapeAs } from './common.ts';

const UNARY = [
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Cos', 'Cosh', 'Erf', 'Exp', 'Floor', 'Log',
  'Neg', 'Reciprocal', 'Round', 'Sign', 'Sin', 'Sinh', 'Sqrt', 'Tan', 'Tanh', 'Not', 'BitwiseNot', 'Identity', 'Clip',
];
const BROADCAST_SAME = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'BitShift', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor', 'And', 'Or', 'Xor', 'Max', 'Min', 'Mean', 'Sum'];
const COMPARE = ['Equal', 'Greater', 'Less', 'GreaterOrEqual', 'LessOrEqual'];

const table: Record<string, RuleTable[string]> = {};
for (const op of UNARY) table[op] = sameAs(0);
for (const op of BROADCAST_SAME) table[op] = broadcast({ dtypeFrom: 0 });
for (const op of COMPARE) table[op] = broadcast({ dtype: 'bool' });

export const elementwiseRules: RuleTable = {
  ...table,
  IsInf: sameShapeAs('bool'),
  IsNaN: sameShapeAs('bool'),
  // PRelu's slope broadcasts to X (unidirectionally), so the result is X's shape.
  PRelu: (ctx) => [tensorType(ctx.dtype(0), broadcastInputs(ctx))],
  Where: broadcast({ dtypeFrom: 1 }),
  Cast: (ctx) => [tensorType(ctx.tensor(0) || ctx.type(0) === undefined ? dtypeAttr(ctx, 'to') : undefined, ctx.shape(0))],
  CastLike: (ctx) => [tensorType(ctx.dtype(1), ctx.shape(0))],
  BitCast: (ctx) => {
    const to = dtypeAttr(ctx, 'to');
    const from = ctx.dtype(0);
    const shape = ctx.shape(0);
    if (!to || !from || !shape) return [tensorType(to)];
    return [tensorType(to, bitcastShape(shape, dtypeSize(from), dtypeSize(to)))];
  },
};

/** BitCast keeps the bytes: a narrower target adds a last axis, a wider one consumes it. */
function bitcastShape(shape: Shape, fromSize: number, toSize: number): Shape {
  if (fromSize === toSize) return shape;
  if (fromSize > toSize) return [...shape, fromSize / toSize];
  const last = shape[shape.length - 1];
  if (typeof last === 'number' && last !== toSize / fromSize) throw new InferError(`last dim ${last} must be ${toSize / fromSize} to bitcast to a ${toSize}-byte type`);
  return shape.slice(0, -1);
}

