// Known values through elementwise ops (with numpy broadcasting). Numbers are computed; symbolic
// dims survive the arithmetic shape code does on them (Mul and exact Div of products, adding 0,
// comparing a name with itself); anything else becomes an unknown element.
import { attrInt } from '../../attributes.ts';
import { isIntegerDType, type DType } from '../../dtype.ts';
import type { Dim } from '../../types.ts';
import { divDims, mulDims } from '../dims.ts';
import { knownValue, type KnownValue } from '../known-value.ts';
import type { InferContext, OutputTypes, ValueRule, ValueRuleTable } from '../rule.ts';
import { dtypeAttr } from '../rules/common.ts';

type Op = (xs: readonly Dim[]) => Dim;

/** Applies f elementwise over broadcast inputs; undefined when an input is unknown. */
export function mapBroadcast(inputs: readonly (KnownValue | undefined)[], f: Op): KnownValue | undefined {
  if (inputs.some((v) => !v)) return undefined;
  const vs = inputs as KnownValue[];
  const rank = Math.max(...vs.map((v) => v.dims.length));
  const dims: number[] = [];
  for (let k = 0; k < rank; k++) {
    let d = 1;
    for (const v of vs) {
      const e = v.dims[v.dims.length - rank + k] ?? 1;
      if (e !== 1 && d !== 1 && e !== d) return undefined;
      if (e !== 1) d = e;
    }
    dims.push(d);
  }
  const total = dims.reduce((a, b) => a * b, 1);
  if (total > 1024) return undefined;
  const strides = vs.map((v) => {
    const s: number[] = Array(rank).fill(0);
    let acc = 1;
    for (let k = v.dims.length - 1; k >= 0; k--) {
      s[rank - v.dims.length + k] = v.dims[k] === 1 ? 0 : acc;
      acc *= v.dims[k]!;
    }
    return s;
  });
  const values: Dim[] = [];
  const index: number[] = Array(rank).fill(0);
  for (let i = 0; i < total; i++) {
    values.push(f(vs.map((v, j) => v.values[index.reduce((o, x, k) => o + x * strides[j]![k]!, 0)] ?? null)));
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < dims[k]!) break;
      index[k] = 0;
    }
  }
  return knownValue(dims, values);
}

const nums = (xs: readonly Dim[]): number[] | undefined => (xs.every((x): x is number => typeof x === 'number') ? (xs as number[]) : undefined);

/** An op on numbers only; symbolic or unknown elements give unknown. */
const numeric =
  (f: (...xs: number[]) => number): Op =>
  (xs) => {
    const n = nums(xs);
    return n ? f(...n) : null;
  };

/** Rounds a computed number to what the output dtype can hold (integer division truncates). */
function fitTo(dtype: DType | undefined, x: Dim): Dim {
  if (typeof x !== 'number' || !dtype) return x;
  if (dtype === 'bool') return x !== 0 ? 1 : 0;
  if (isIntegerDType(dtype)) return Number.isFinite(x) ? Math.trunc(x) : x;
  if (dtype === 'float32') return Math.fround(x);
  return x;
}

function elementwise(op: Op, dtypeOf: (ctx: InferContext, outputs: OutputTypes) => DType | undefined = (_c, o) => (o[0]?.kind === 'tensor' ? o[0].dtype : undefined)): ValueRule {
  return (ctx, outputs) => {
    const inputs = Array.from({ length: ctx.inputCount }, (_, i) => ctx.value(i));
    const dtype = dtypeOf(ctx, outputs);
    const v = mapBroadcast(inputs, (xs) => fitTo(dtype, op(xs)));
    return [v];
  };
}

const add: Op = ([a, b]) => (typeof a === 'number' && typeof b === 'number' ? a + b : a === 0 ? b! : b === 0 ? a! : null);
const sub: Op = ([a, b]) => (typeof a === 'number' && typeof b === 'number' ? a - b : b === 0 ? a! : a !== null && a === b ? 0 : null);
const mul: Op = ([a, b]) => mulDims([a!, b!]);
const div: Op = ([a, b]) => (typeof a === 'number' && typeof b === 'number' ? (b === 0 ? null : a / b) : (divDims(a!, b!) ?? null));
const equal: Op = ([a, b]) => (a !== null && a === b ? 1 : typeof a === 'number' && typeof b === 'number' ? 0 : null);

function modRule(ctx: InferContext): Op {
  const fmod = attrInt(ctx.node, 'fmod', 0) === 1;
  return numeric((a, b) => (b === 0 ? NaN : fmod ? a % b : a - Math.floor(a / b) * b));
}

const UNARY: Record<string, (x: number) => number> = {
  Neg: (x) => -x,
  Abs: Math.abs,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: (x) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)),
  Sqrt: Math.sqrt,
  Reciprocal: (x) => 1 / x,
  Exp: Math.exp,
  Log: Math.log,
  Sign: Math.sign,
  Not: (x) => (x ? 0 : 1),
  Relu: (x) => Math.max(0, x),
};

const table: Record<string, ValueRule> = {};
for (const [op, f] of Object.entries(UNARY)) table[op] = elementwise(numeric(f));

export const elementwiseValueRules: ValueRuleTable = {
  ...table,
  Add: elementwise(add),
  Sub: elementwise(sub),
  Mul: elementwise(mul),
  Div: elementwise(div),
  Mod: (ctx, outputs) => elementwise(modRule(ctx))(ctx, outputs),
  Pow: elementwise(numeric((a, b) => a ** b)),
  Max: elementwise(numeric(Math.max)),
  Min: elementwise(numeric(Math.min)),
  Equal: elementwise(equal),
  Less: elementwise(numeric((a, b) => +(a < b))),
  LessOrEqual: elementwise(numeric((a, b) => +(a <= b))),
  Greater: elementwise(numeric((a, b) => +(a > b))),
  GreaterOrEqual: elementwise(numeric((a, b) => +(a >= b))),
  And: elementwise(numeric((a, b) => +(a !== 0 && b !== 0))),
  Or: elementwise(numeric((a, b) => +(a !== 0 || b !== 0))),
  Xor: elementwise(numeric((a, b) => +((a !== 0) !== (b !== 0)))),
  Where: elementwise(([c, x, y]) => (typeof c === 'number' ? (c !== 0 ? x! : y!) : x === y ? x! : null)),
  Identity: (ctx) => [ctx.value(0)],
  Cast: elementwise(([x]) => x!, (ctx) => dtypeAttr(ctx, 'to')),
  CastLike: (ctx) => {
    const dtype = ctx.dtype(1);
    const v = ctx.value(0);
    return [v && mapBroadcast([v], ([x]) => fitTo(dtype, x!))];
  },
};
