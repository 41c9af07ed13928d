// Evaluates an expression on the CPU: inputs x0..xk are tensors, every call broadcasts its
// arguments (numpy rules) and rounds its result to its dtype, as the unfused ONNX ops would. A
// shared call is computed once. Tests use it as the meaning of an expression; float32 (with bool
// and integer intermediates) is what it computes.
import { broadcastIndex, broadcastShapes } from '../../../ir/eval/broadcast.ts';
import type { DType } from '../../../ir/dtype.ts';
import { InputError } from '../../../ir/errors.ts';
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Tensor } from '../../../ir/types.ts';
import type { CallExpr, Expr } from './ast.ts';
import { exprOp } from './ops.ts';
import { clipBounds, scalarFunction } from './scalar.ts';

interface Values {
  readonly dtype: DType;
  readonly dims: readonly number[];
  readonly data: Float64Array;
}

const INTEGER_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295], int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Rounding of a computed value to a dtype (integer results truncate, as integer Div does). */
function rounding(dtype: DType): (x: number) => number {
  if (dtype === 'float32') return Math.fround;
  if (dtype === 'float64') return (x) => x;
  if (dtype === 'bool') return (x) => (x ? 1 : 0);
  const range = INTEGER_RANGE[dtype];
  if (range) return (x) => (Number.isFinite(x) ? Math.min(Math.max(Math.trunc(x), range[0]), range[1]) : 0);
  throw new InputError(`evaluateExpression computes float32, float64, bool and integer values, not ${dtype}`);
}

function resultDtype(c: CallExpr, args: readonly Values[]): DType {
  switch (exprOp(c.op)?.result) {
    case 'bool':
      return 'bool';
    case 'cast':
      return c.attrs.to as DType;
    case 'second':
      return args[1]!.dtype;
    default:
      return args[0]!.dtype;
  }
}

function scalarValues(dtype: DType, x: number): Values {
  return { dtype, dims: [], data: Float64Array.of(x) };
}

function evaluateCall(c: CallExpr, args: Values[]): Values {
  const fn = scalarFunction(c.op, c.attrs);
  if (!fn) throw new InputError(`expression: no elementwise op ${c.op}`);
  const dtype = resultDtype(c, args);
  const round = rounding(dtype);
  if (c.op === 'Clip') {
    const [lo, hi] = clipBounds(c.attrs);
    args = [args[0]!, args[1] ?? scalarValues(args[0]!.dtype, lo), args[2] ?? scalarValues(args[0]!.dtype, hi)];
  }
  const variadic = ['Max', 'Min', 'Sum', 'Mean'].includes(c.op);
  if (variadic && args.length > 2) {
    // Folded pairwise, rounding each step, as a runtime accumulates.
    let acc = args[0]!;
    for (let k = 1; k < args.length; k++) acc = elementwise(fn, [acc, args[k]!], dtype, round, c.op);
    return c.op === 'Mean' ? mapValues(acc, (x) => round(x / args.length)) : acc;
  }
  const out = elementwise(fn, args, dtype, round, c.op);
  return c.op === 'Mean' && args.length === 2 ? mapValues(out, (x) => round(x / 2)) : out;
}

function mapValues(v: Values, f: (x: number) => number): Values {
  return { ...v, data: v.data.map(f) };
}

function elementwise(fn: (a: number, b: number, c: number) => number, args: readonly Values[], dtype: DType, round: (x: number) => number, op: string): Values {
  const dims = broadcastShapes({ id: 'expression', opType: op }, args.map((a) => a.dims));
  const n = numElements(dims);
  const index = args.map((a) => broadcastIndex(a.dims, dims));
  const [a = new Float64Array(1), b = new Float64Array(1), c = new Float64Array(1)] = args.map((v) => v.data);
  const [ia, ib, ic] = [index[0], index[1], index[2]];
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = round(fn(a[ia ? ia[i]! : 0]!, b[ib ? ib[i]! : 0]!, c[ic ? ic[i]! : 0]!));
  return { dtype, dims, data };
}

/** Computes the expression for the given inputs (x0 = inputs[0], …); the result is named 'y'. */
export function evaluateExpression(expr: Expr, inputs: readonly Tensor[]): Tensor {
  const memo = new Map<CallExpr, Values>();
  const value = (e: Expr): Values => {
    if (e.kind === 'input') {
      const t = inputs[e.index];
      if (!t) throw new InputError(`expression reads x${e.index} but ${inputs.length} input${inputs.length === 1 ? ' was' : 's were'} given`);
      return { dtype: t.dtype, dims: t.dims, data: tensorToNumbers(t) };
    }
    if (e.kind === 'const') return { dtype: e.dtype, dims: e.dims, data: Float64Array.from(e.values) };
    const hit = memo.get(e);
    if (hit) return hit;
    const v = evaluateCall(e, e.args.map(value));
    memo.set(e, v);
    return v;
  };
  const v = value(expr);
  return tensorFromNumbers('y', v.dtype, v.dims, v.data);
}
