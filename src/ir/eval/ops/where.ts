// Where: picks from X or Y by a bool condition, broadcasting all three.
import { numElements, tensorData, makeTensor, type TypedArray } from '../../tensor.ts';
import { broadcastIndex, broadcastShapes } from '../broadcast.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError } from '../values.ts';

export const evalWhere: OpEvaluator = (node, inputs) => {
  const cond = required(node, inputs, 0);
  const x = required(node, inputs, 1);
  const y = required(node, inputs, 2);
  if (cond.dtype !== 'bool') throw evalError(node, `condition must be bool, got ${cond.dtype}`);
  if (x.dtype !== y.dtype) throw evalError(node, `X and Y differ in type (${x.dtype}, ${y.dtype})`);
  const dims = broadcastShapes(node, [cond.dims, x.dims, y.dims]);
  const [ic, ix, iy] = [cond, x, y].map((t) => broadcastIndex(t.dims, dims)) as [Int32Array, Int32Array, Int32Array];
  const [cs, xs, ys] = [tensorData(cond), tensorData(x), tensorData(y)];
  const out = new (xs.constructor as new (n: number) => TypedArray)(numElements(dims));
  for (let i = 0; i < out.length; i++) out[i] = (cs[ic[i]!] ? xs[ix[i]!] : ys[iy[i]!])!;
  return [makeTensor(outputName(node), x.dtype, dims, out)];
};
