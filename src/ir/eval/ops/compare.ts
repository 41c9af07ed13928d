// Comparisons (Equal, Less, Greater, LessOrEqual, GreaterOrEqual) and the logical ops, all bool.
import type { Node } from '../../types.ts';
import { binaryMap, unaryMap, type Scalar } from '../elementwise.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError } from '../values.ts';

function comparison(test: (x: Scalar, y: Scalar) => boolean, boolOnly = false): OpEvaluator {
  return (node: Node, inputs) => {
    const a = required(node, inputs, 0);
    const b = required(node, inputs, 1);
    if (a.dtype !== b.dtype) throw evalError(node, `inputs differ in type (${a.dtype}, ${b.dtype})`);
    if (boolOnly && a.dtype !== 'bool') throw evalError(node, `needs bool inputs, got ${a.dtype}`);
    return [binaryMap(node, outputName(node), a, b, 'bool', (x, y) => (test(x, y) ? 1 : 0))];
  };
}

export const evalEqual = comparison((x, y) => x === y);
export const evalLess = comparison((x, y) => x < y);
export const evalGreater = comparison((x, y) => x > y);
export const evalLessOrEqual = comparison((x, y) => x <= y);
export const evalGreaterOrEqual = comparison((x, y) => x >= y);
export const evalAnd = comparison((x, y) => !!x && !!y, true);
export const evalOr = comparison((x, y) => !!x || !!y, true);
export const evalXor = comparison((x, y) => !!x !== !!y, true);

export const evalNot: OpEvaluator = (node, inputs) => {
  const x = required(node, inputs, 0);
  if (x.dtype !== 'bool') throw evalError(node, `needs a bool input, got ${x.dtype}`);
  return [unaryMap(node, outputName(node), x, 'bool', (v) => (v ? 0 : 1))];
};
