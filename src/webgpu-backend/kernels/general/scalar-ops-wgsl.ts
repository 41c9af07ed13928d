// Every elementwise op of the expression language (src/passes/fusion/expression/ops.ts) as WGSL
// for one element, with ONNX's attribute defaults: the same semantics as the CPU reference
// (expression/scalar.ts). Arguments are already-typed WGSL values; the result says its type.
// Integer arguments of float-only ops never arrive (dtype signatures refuse them), but the table
// converts anyway so a fused expression with a constant of another dtype still compiles.
import type { AttrValue } from '../../../passes/fusion/expression/ast.ts';
import { valueTypeOf, convert, type HelperName, type Value, type ValueType } from './scalar-wgsl.ts';
import type { DType } from '../../../ir/dtype.ts';

type Attrs = Readonly<Record<string, AttrValue>>;

export interface EmitContext {
  need(helper: HelperName): void;
  lit(x: number, type: ValueType): string;
}

type Emitter = (args: readonly Value[], attrs: Attrs, c: EmitContext) => Value;

const num = (attrs: Attrs, key: string, fallback: number): number => {
  const v = attrs[key];
  return typeof v === 'number' ? v : fallback;
};

const F = (code: string): Value => ({ code: `(${code})`, type: 'f32' });
const B = (code: string): Value => ({ code: `(${code})`, type: 'bool' });
const isFloat = (v: Value) => v.type === 'f32';

/** A float op of one argument: `fn(x)` with x the argument as f32. */
const float1 = (fn: (x: string, attrs: Attrs, c: EmitContext) => string, helper?: HelperName): Emitter => (args, attrs, c) => {
  if (helper) c.need(helper);
  return F(fn(convert(args[0]!, 'f32'), attrs, c));
};

/** An op keeping its first argument's type, the others converted to it. */
const typed = (fn: (a: string, b: string, t: ValueType, c: EmitContext, attrs: Attrs) => string): Emitter => (args, attrs, c) => {
  const t = args[0]!.type;
  return { code: `(${fn(args[0]!.code, args[1] ? convert(args[1], t) : '', t, c, attrs)})`, type: t };
};

/** Comparisons: the second argument converted to the first's type. */
const compare = (op: string): Emitter => (args) => B(`${args[0]!.code} ${op} ${convert(args[1]!, args[0]!.type)}`);
const logic = (fn: (a: string, b: string) => string): Emitter => (args) => B(fn(convert(args[0]!, 'bool'), convert(args[1]!, 'bool')));

/** Max/Min/Sum/Mean fold their arguments left to right, as the CPU reference does. */
function variadic(step: (a: string, b: string, t: ValueType, c: EmitContext) => string, mean = false): Emitter {
  return (args, _attrs, c) => {
    const t = args[0]!.type;
    let acc = args[0]!.code;
    for (const a of args.slice(1)) acc = `(${step(acc, convert(a, t), t, c)})`;
    return { code: mean && args.length > 1 ? `(${acc} / ${c.lit(args.length, t)})` : acc, type: t };
  };
}

function cast(args: readonly Value[], attrs: Attrs, c: EmitContext): Value {
  const to = attrs.to as DType;
  const type = valueTypeOf(to);
  if (!type) throw new Error(`Cast to ${to} has no WGSL form`);
  const x = args[0]!;
  let code = convert(x, type);
  if (to === 'float16') (c.need('f16round'), (code = `roundF16(${code})`));
  // Narrow integers wrap (int8 keeps the low byte, sign-extended).
  const bits = { int8: 8, uint8: 8, int16: 16, uint16: 16 }[to as string];
  if (bits && x.type !== 'bool') code = `extractBits(${code}, 0u, ${bits}u)`;
  return { code: `(${code})`, type };
}

const ELU = (x: string, alpha: string) => `select(${x}, ${alpha} * (exp(${x}) - 1.0), ${x} < 0.0)`;
const GELU_TANH = (x: string) => `0.5 * ${x} * (1.0 + tanhF(0.7978845608028654 * (${x} + 0.044715 * ${x} * ${x} * ${x})))`;

export const SCALAR_OPS: Readonly<Record<string, Emitter>> = {
  Add: typed((a, b) => `${a} + ${b}`),
  Sub: typed((a, b) => `${a} - ${b}`),
  Mul: typed((a, b) => `${a} * ${b}`),
  Div: typed((a, b) => `${a} / ${b}`),
  Pow: (args, _attrs, c) => {
    c.need('pow');
    const [x, y] = [args[0]!, args[1]!];
    const r = `powF(${convert(x, 'f32')}, ${convert(y, 'f32')})`;
    return isFloat(x) ? F(r) : { code: `${x.type}(round(${r}))`, type: x.type };
  },
  Mod: typed((a, b, t, c, attrs) => {
    if (num(attrs, 'fmod', 0)) return `${a} % ${b}`; // WGSL's % truncates, as C's fmod
    if (t === 'f32') return `${a} - ${b} * floor(${a} / ${b})`;
    if (t === 'u32') return `${a} % ${b}`;
    c.need('imod');
    return `modI(${a}, ${b})`;
  }),
  PRelu: typed((a, b, t, c) => `select(${a}, ${b} * ${a}, ${a} < ${c.lit(0, t)})`),
  Abs: typed((a, _b, t) => (t === 'u32' ? a : `abs(${a})`)),
  Neg: typed((a, _b, t) => (t === 'u32' ? `0u - ${a}` : `-${a}`)),
  Sign: typed((a, _b, t) => (t === 'u32' ? `select(0u, 1u, ${a} > 0u)` : `sign(${a})`)),
  Relu: typed((a, _b, t, c) => `max(${a}, ${c.lit(0, t)})`),
  Sqrt: float1((x) => `sqrt(${x})`),
  Exp: float1((x) => `exp(${x})`),
  Log: float1((x) => `log(${x})`),
  Reciprocal: float1((x) => `1.0 / ${x}`),
  Floor: float1((x) => `floor(${x})`),
  Ceil: float1((x) => `ceil(${x})`),
  Round: float1((x) => `round(${x})`), // WGSL rounds halves to even, as ONNX
  Sin: float1((x) => `sinF(${x})`, 'trig'),
  Cos: float1((x) => `cosF(${x})`, 'trig'),
  Tan: float1((x) => `tanF(${x})`, 'trig'),
  Tanh: float1((x) => `tanhF(${x})`, 'tanh'),
  Erf: float1((x) => `erfF(${x})`, 'erf'),
  Sigmoid: float1((x) => `1.0 / (1.0 + exp(-${x}))`),
  Softplus: float1((x) => `softplusF(${x})`, 'softplus'),
  Softsign: float1((x) => `${x} / (1.0 + abs(${x}))`),
  Mish: float1((x) => `mishF(${x})`, 'mish'),
  HardSwish: float1((x, _a, c) => `${x} * clamp(${c.lit(1 / 6, 'f32')} * ${x} + 0.5, 0.0, 1.0)`),
  HardSigmoid: float1((x, a, c) => `clamp(${c.lit(num(a, 'alpha', 0.2), 'f32')} * ${x} + ${c.lit(num(a, 'beta', 0.5), 'f32')}, 0.0, 1.0)`),
  LeakyRelu: float1((x, a, c) => `select(${x}, ${c.lit(num(a, 'alpha', 0.01), 'f32')} * ${x}, ${x} < 0.0)`),
  Elu: float1((x, a, c) => ELU(x, c.lit(num(a, 'alpha', 1), 'f32'))),
  Selu: float1((x, a, c) => {
    const [alpha, gamma] = [c.lit(num(a, 'alpha', 1.67326319217681884765625), 'f32'), c.lit(num(a, 'gamma', 1.05070102214813232421875), 'f32')];
    return `${gamma} * select(${x}, ${alpha} * (exp(${x}) - 1.0), ${x} <= 0.0)`;
  }),
  Celu: float1((x, a, c) => {
    const alpha = c.lit(num(a, 'alpha', 1), 'f32');
    return `max(0.0, ${x}) + min(0.0, ${alpha} * (exp(${x} / ${alpha}) - 1.0))`;
  }),
  ThresholdedRelu: float1((x, a, c) => `select(0.0, ${x}, ${x} > ${c.lit(num(a, 'alpha', 1), 'f32')})`),
  Shrink: float1((x, a, c) => {
    const [bias, lambd] = [c.lit(num(a, 'bias', 0), 'f32'), c.lit(num(a, 'lambd', 0.5), 'f32')];
    return `select(select(0.0, ${x} - ${bias}, ${x} > ${lambd}), ${x} + ${bias}, ${x} < -${lambd})`;
  }),
  Gelu: (args, attrs, c) => {
    const x = convert(args[0]!, 'f32');
    if (attrs.approximate === 'tanh') return (c.need('tanh'), F(GELU_TANH(x)));
    c.need('erf');
    return F(`0.5 * ${x} * (1.0 + erfF(${x} * 0.7071067811865476))`);
  },
  Cast: cast,
  // Bounds come as arguments (opset 11+) or attributes (before); an absent bound does not clamp.
  Clip: (args, attrs, c) => {
    const x = args[0]!;
    const bound = (i: number, key: string): string | undefined => {
      const a = args[i];
      if (a) return convert(a, x.type);
      const v = attrs[key];
      return typeof v === 'number' && Number.isFinite(v) ? c.lit(v, x.type) : undefined;
    };
    const [lo, hi] = [bound(1, 'min'), bound(2, 'max')];
    let code = x.code;
    if (lo) code = `max(${code}, ${lo})`;
    if (hi) code = `min(${code}, ${hi})`;
    return { code: `(${code})`, type: x.type };
  },
  Max: variadic((a, b, t, c) => (t === 'f32' ? (c.need('maxnan'), `maxF(${a}, ${b})`) : `max(${a}, ${b})`)),
  Min: variadic((a, b, t, c) => (t === 'f32' ? (c.need('minnan'), `minF(${a}, ${b})`) : `min(${a}, ${b})`)),
  Sum: variadic((a, b) => `${a} + ${b}`),
  Mean: variadic((a, b) => `${a} + ${b}`, true),
  Where: (args) => {
    const [cond, x, y] = [args[0]!, args[1]!, args[2]!];
    return { code: `select(${convert(y, x.type)}, ${x.code}, ${convert(cond, 'bool')})`, type: x.type };
  },
  Equal: compare('=='),
  Less: compare('<'),
  Greater: compare('>'),
  LessOrEqual: compare('<='),
  GreaterOrEqual: compare('>='),
  And: logic((a, b) => `${a} && ${b}`),
  Or: logic((a, b) => `${a} || ${b}`),
  Xor: logic((a, b) => `${a} != ${b}`),
  Not: (args) => B(`!${convert(args[0]!, 'bool')}`),
  IsNaN: (args, _a, c) => (c.need('isnan'), B(`isNaN(${convert(args[0]!, 'f32')})`)),
  IsInf: (args, attrs, c) => {
    c.need('isinf');
    const x = convert(args[0]!, 'f32');
    const [neg, pos] = [num(attrs, 'detect_negative', 1), num(attrs, 'detect_positive', 1)];
    const sides = [pos ? `${x} > 0.0` : '', neg ? `${x} < 0.0` : ''].filter(Boolean);
    return B(sides.length ? `isInf(${x}) && (${sides.join(' || ')})` : 'false');
  },
};
