// Min, Max, Sum, Mean over any number of inputs, broadcasting them together.
import type { Tensor } from '../../types.ts';
import { foldInputs, unaryMap, type Scalar } from '../elementwise.ts';
import { outputName, type OpEvaluator } from '../kernel.ts';
import { evalError } from '../values.ts';

const PAIRWISE: Record<string, (x: Scalar, y: Scalar) => Scalar> = {
  Min: (x, y) => (Number.isNaN(x) || y >= x ? x : y),
  Max: (x, y) => (Number.isNaN(x) || y <= x ? x : y),
  Sum: (x, y) => (x as number) + (y as number),
  Mean: (x, y) => (x as number) + (y as number),
};

export const evalVariadic: OpEvaluator = (node, inputs) => {
  const parts = inputs.filter((t): t is Tensor => t !== undefined);
  if (!parts.length) throw evalError(node, 'has no inputs');
  if (parts.some((t) => t.dtype !== parts[0]!.dtype)) throw evalError(node, `inputs differ in type (${parts.map((t) => t.dtype).join(', ')})`);
  const f = PAIRWISE[node.opType];
  if (!f) throw evalError(node, 'is not a variadic op the evaluator knows');
  const name = outputName(node);
  const folded = foldInputs(node, name, parts, f);
  if (node.opType !== 'Mean') return [folded];
  const n = parts.length;
  return [unaryMap(node, name, folded, folded.dtype, (v) => (typeof v === 'bigint' ? v / BigInt(n) : v / n))];
};
