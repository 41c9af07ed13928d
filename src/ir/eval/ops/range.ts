// Range: start, start + delta, … up to (not including) limit; int64 stays exact.
import { numElements } from '../../tensor.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError, tensorOf, valuesOf } from '../values.ts';

export const evalRange: OpEvaluator = (node, inputs) => {
  const [start, limit, delta] = [0, 1, 2].map((i) => required(node, inputs, i));
  for (const t of [start!, limit!, delta!]) if (numElements(t.dims) !== 1) throw evalError(node, `inputs must be scalars, got [${t.dims}]`);
  const [s, l, d] = [start!, limit!, delta!].map((t) => valuesOf(node, t)[0]!) as [number | bigint, number | bigint, number | bigint];
  const name = outputName(node);
  if (typeof s === 'bigint') {
    const [lb, db] = [l as bigint, d as bigint];
    if (db === 0n) throw evalError(node, 'delta is 0');
    const span = lb - s;
    // Ceiling division for either sign of delta.
    const count = span === 0n ? 0n : (span + db + (db > 0n ? -1n : 1n)) / db;
    const n = count > 0n ? Number(count) : 0;
    return [tensorOf(name, start!.dtype, [n], Array.from({ length: n }, (_, i) => s + BigInt(i) * db))];
  }
  const [ln, dn] = [l as number, d as number];
  if (dn === 0) throw evalError(node, 'delta is 0');
  // onnxruntime (and the spec's reference loop) add delta repeatedly in the element type, so
  // float32 rounds at every step rather than computing start + i * delta.
  const round = start!.dtype === 'float32' ? Math.fround : (x: number) => x;
  const n = Math.max(0, Math.ceil(round(ln - s) / dn));
  const values = new Float64Array(n);
  let value = s as number;
  for (let i = 0; i < n; i++, value = round(value + dn)) values[i] = value;
  return [tensorOf(name, start!.dtype, [n], values)];
};
