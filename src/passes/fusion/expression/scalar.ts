// What each expression op computes for one element, with ONNX's attribute defaults: the
// reference semantics the CPU evaluator runs and a shader generator must reproduce. Variadic ops
// (Max, Min, Sum, Mean) are given here as their pairwise step; the evaluator folds them.
import { erf } from '../../../ir/eval/erf.ts';
import type { AttrValue } from './ast.ts';

export type ScalarFn = (a: number, b: number, c: number) => number;

type Attrs = Readonly<Record<string, AttrValue>>;

const num = (attrs: Attrs, key: string, fallback: number): number => {
  const v = attrs[key];
  return typeof v === 'number' ? v : fallback;
};

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const b = (v: boolean) => (v ? 1 : 0);
/** NaN wins in Max and Min, as onnxruntime does. */
const nanOr = (a: number, b: number, f: (a: number, b: number) => number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : f(a, b));

/** Rounds halves to even (ONNX Round). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

const FIXED: Readonly<Record<string, (attrs: Attrs) => ScalarFn>> = {
  Add: () => (a, c) => a + c,
  Sub: () => (a, c) => a - c,
  Mul: () => (a, c) => a * c,
  Div: () => (a, c) => a / c,
  Pow: () => (a, c) => Math.pow(a, c),
  Mod: (t) => (num(t, 'fmod', 0) ? (a, c) => a % c : (a, c) => a - c * Math.floor(a / c)),
  PRelu: () => (x, slope) => (x < 0 ? slope * x : x),
  Abs: () => Math.abs,
  Neg: () => (x) => -x,
  Sqrt: () => Math.sqrt,
  Exp: () => Math.exp,
  Log: () => Math.log,
  Reciprocal: () => (x) => 1 / x,
  Floor: () => Math.floor,
  Ceil: () => Math.ceil,
  Round: () => roundHalfEven,
  Sign: () => Math.sign,
  Sin: () => Math.sin,
  Cos: () => Math.cos,
  Tan: () => Math.tan,
  Tanh: () => Math.tanh,
  Erf: () => erf,
  Relu: () => (x) => (x > 0 ? x : 0),
  Sigmoid: () => sigmoid,
  Softplus: () => softplus,
  Softsign: () => (x) => x / (1 + Math.abs(x)),
  Mish: () => (x) => x * Math.tanh(softplus(x)),
  HardSwish: () => (x) => x * Math.max(0, Math.min(1, x / 6 + 0.5)),
  LeakyRelu: (t) => {
    const alpha = num(t, 'alpha', 0.01);
    return (x) => (x < 0 ? alpha * x : x);
  },
  Elu: (t) => {
    const alpha = num(t, 'alpha', 1);
    return (x) => (x < 0 ? alpha * (Math.exp(x) - 1) : x);
  },
  Selu: (t) => {
    const alpha = num(t, 'alpha', 1.67326319217681884765625);
    const gamma = num(t, 'gamma', 1.05070102214813232421875);
    return (x) => gamma * (x > 0 ? x : alpha * (Math.exp(x) - 1));
  },
  Celu: (t) => {
    const alpha = num(t, 'alpha', 1);
    return (x) => Math.max(0, x) + Math.min(0, alpha * (Math.exp(x / alpha) - 1));
  },
  HardSigmoid: (t) => {
    const alpha = num(t, 'alpha', 0.2);
    const beta = num(t, 'beta', 0.5);
    return (x) => Math.max(0, Math.min(1, alpha * x + beta));
  },
  ThresholdedRelu: (t) => {
    const alpha = num(t, 'alpha', 1);
    return (x) => (x > alpha ? x : 0);
  },
  Gelu: (t) =>
    t.approximate === 'tanh'
      ? (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))
      : (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  Shrink: (t) => {
    const bias = num(t, 'bias', 0);
    const lambd = num(t, 'lambd', 0.5);
    return (x) => (x < -lambd ? x + bias : x > lambd ? x - bias : 0);
  },
  // The cast itself is the rounding to the target dtype, which the evaluator applies to every result.
  Cast: () => (x) => x,
  // Bounds arrive as b and c: inputs from opset 11 on, else the attributes (see clipBounds).
  Clip: () => (x, min, max) => Math.min(Math.max(x, min), max),
  Max: () => (a, c) => nanOr(a, c, Math.max),
  Min: () => (a, c) => nanOr(a, c, Math.min),
  Sum: () => (a, c) => a + c,
  Mean: () => (a, c) => a + c,
  Where: () => (cond, x, y) => (cond ? x : y),
  Equal: () => (a, c) => b(a === c),
  Less: () => (a, c) => b(a < c),
  Greater: () => (a, c) => b(a > c),
  LessOrEqual: () => (a, c) => b(a <= c),
  GreaterOrEqual: () => (a, c) => b(a >= c),
  And: () => (a, c) => b(!!a && !!c),
  Or: () => (a, c) => b(!!a || !!c),
  Xor: () => (a, c) => b(!!a !== !!c),
  Not: () => (x) => b(!x),
  IsNaN: () => (x) => b(Number.isNaN(x)),
  IsInf: (t) => {
    const neg = num(t, 'detect_negative', 1);
    const pos = num(t, 'detect_positive', 1);
    return (x) => b((pos && x === Infinity) || (neg && x === -Infinity) ? true : false);
  },
};

/** The element function of an op with its attributes applied. */
export function scalarFunction(op: string, attrs: Attrs): ScalarFn | undefined {
  return FIXED[op]?.(attrs);
}

/** Clip's bounds where its arguments omit them: the opset-6 attributes, else unbounded. */
export function clipBounds(attrs: Attrs): [min: number, max: number] {
  return [num(attrs, 'min', -Infinity), num(attrs, 'max', Infinity)];
}
