// Element-wise math of one input. Integer inputs keep their type where the op allows them
// (Neg, Abs, Sign, Relu); the rest are defined on floats only.
import { isFloatDType } from '../../dtype.ts';
import { unaryMap, type Scalar } from '../elementwise.ts';
import { erf } from '../erf.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError } from '../values.ts';

/** Rounds halves to even, as ONNX Round (C's nearbyint) does; a negative input rounding to zero gives -0. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  const r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
  return r === 0 && x < 0 ? -0 : r;
}

const FLOAT_ONLY: Record<string, (x: number) => number> = {
  Sqrt: Math.sqrt,
  Exp: Math.exp,
  Log: Math.log,
  Reciprocal: (x) => 1 / x,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: roundHalfEven,
  Sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  Tanh: Math.tanh,
  Erf: erf,
  Sin: Math.sin,
  Cos: Math.cos,
  Softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
};

const ANY_NUMBER: Record<string, (x: Scalar) => Scalar> = {
  Neg: (x) => -x,
  Abs: (x) => (x < 0 ? -x : x),
  Sign: (x) => (typeof x === 'bigint' ? (x > 0n ? 1n : x < 0n ? -1n : 0n) : Math.sign(x)),
  Relu: (x) => (x > 0 ? x : typeof x === 'bigint' ? 0n : 0),
};

export const UNARY_OPS: readonly string[] = [...Object.keys(FLOAT_ONLY), ...Object.keys(ANY_NUMBER)];

export const evalUnary: OpEvaluator = (node, inputs) => {
  const x = required(node, inputs, 0);
  const name = outputName(node);
  const general = ANY_NUMBER[node.opType];
  if (general) {
    if (x.dtype === 'bool') throw evalError(node, 'is not defined on bool');
    return [unaryMap(node, name, x, x.dtype, general)];
  }
  const f = FLOAT_ONLY[node.opType];
  if (!f) throw evalError(node, 'is not an element-wise op the evaluator knows');
  if (!isFloatDType(x.dtype)) throw evalError(node, `is defined on floats, not ${x.dtype}`);
  return [unaryMap(node, name, x, x.dtype, (v) => f(v as number))];
};
