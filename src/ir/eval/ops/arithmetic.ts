// Add, Sub, Mul, Div, Pow, Mod with numpy broadcasting. Integer Div truncates toward zero and
// integer Mod follows the divisor's sign unless fmod=1, both as onnxruntime computes them.
import { attrInt } from '../../attributes.ts';
import { isFloatDType, type DType } from '../../dtype.ts';
import type { Node } from '../../types.ts';
import { binaryMap, type Scalar } from '../elementwise.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError } from '../values.ts';

type Binary = (x: Scalar, y: Scalar) => Scalar;

function binaryOp(makeFn: (node: Node, dtype: DType) => Binary): OpEvaluator {
  return (node, inputs) => {
    const a = required(node, inputs, 0);
    const b = required(node, inputs, 1);
    if (a.dtype !== b.dtype && node.opType !== 'Pow') throw evalError(node, `inputs differ in type (${a.dtype}, ${b.dtype})`);
    return [binaryMap(node, outputName(node), a, b, a.dtype, makeFn(node, a.dtype))];
  };
}

const add: Binary = (x, y) => (x as number) + (y as number);
const sub: Binary = (x, y) => (x as number) - (y as number);

export const evalAdd = binaryOp(() => add);
export const evalSub = binaryOp(() => sub);

export const evalMul = binaryOp((_node, dtype) => {
  // A float64 product of two int32s can exceed 2^53 and lose the low bits that wrapping keeps.
  if (dtype === 'int32' || dtype === 'uint32') return (x, y) => Math.imul(x as number, y as number);
  return (x, y) => (x as number) * (y as number);
});

export const evalDiv = binaryOp((node, dtype) => {
  if (isFloatDType(dtype)) return (x, y) => (x as number) / (y as number);
  return (x, y) => {
    if (y === 0 || y === 0n) throw evalError(node, 'integer division by zero');
    return typeof x === 'bigint' ? x / (y as bigint) : Math.trunc((x as number) / (y as number));
  };
});

export const evalMod = binaryOp((node, dtype) => {
  const fmod = attrInt(node, 'fmod', 0) === 1;
  if (isFloatDType(dtype)) {
    if (!fmod) throw evalError(node, 'floating-point Mod needs fmod=1');
    return (x, y) => (x as number) % (y as number);
  }
  return (x, y) => {
    if (y === 0 || y === 0n) throw evalError(node, 'integer modulo by zero');
    const r = ((x as number) % (y as number)) as Scalar;
    if (fmod || r === 0 || r === 0n) return r;
    // Python-style: a nonzero remainder takes the divisor's sign.
    return (r < 0) !== (y < 0) ? (r as number) + (y as number) : r;
  };
});

export const evalPow = binaryOp(() => (x, y) => {
  if (typeof x === 'bigint') {
    const e = Number(y);
    if (Number.isInteger(e) && e >= 0) return x ** BigInt(e);
    return BigInt(Math.trunc(Number(x) ** e));
  }
  return Math.pow(x, Number(y));
});
