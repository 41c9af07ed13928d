// MatMul (numpy semantics: 1-D operands are promoted, batch dims broadcast) and Gemm.
// Products accumulate in float64 (bigint for int64) and round once, so small constant weight
// math matches onnxruntime to float32 rounding.
import { attrFloat, attrInt } from '../../attributes.ts';
import { numElements } from '../../tensor.ts';
import type { Node, Tensor } from '../../types.ts';
import { broadcastIndex, broadcastShapes } from '../broadcast.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError, formatDims, isBigDType, tensorOf, valuesOf, type Values } from '../values.ts';

/** C[m,n] = Σk A[m,k]·B[k,n] for one pair of row-major matrices at the given offsets. */
function multiply(a: Values, aOff: number, b: Values, bOff: number, m: number, k: number, n: number, out: (number | bigint)[], oOff: number): void {
  const big = !(a instanceof Float64Array);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s: number | bigint = big ? 0n : 0;
      for (let p = 0; p < k; p++) s = (s as number) + (a[aOff + i * k + p] as number) * (b[bOff + p * n + j] as number);
      out[oOff + i * n + j] = s;
    }
  }
}

export const evalMatMul: OpEvaluator = (node, inputs) => {
  const a = required(node, inputs, 0);
  const b = required(node, inputs, 1);
  if (a.dtype !== b.dtype) throw evalError(node, `inputs differ in type (${a.dtype}, ${b.dtype})`);
  if (!a.dims.length || !b.dims.length) throw evalError(node, 'inputs must have rank 1 or more');
  const aDims = a.dims.length === 1 ? [1, a.dims[0]!] : [...a.dims];
  const bDims = b.dims.length === 1 ? [b.dims[0]!, 1] : [...b.dims];
  const [m, k] = aDims.slice(-2) as [number, number];
  const [k2, n] = bDims.slice(-2) as [number, number];
  if (k !== k2) throw evalError(node, `cannot multiply ${formatDims(a.dims)} by ${formatDims(b.dims)}`);
  const batch = broadcastShapes(node, [aDims.slice(0, -2), bDims.slice(0, -2)]);
  const batches = numElements(batch);
  const [ia, ib] = [broadcastIndex(aDims.slice(0, -2), batch), broadcastIndex(bDims.slice(0, -2), batch)];
  const [av, bv] = [valuesOf(node, a), valuesOf(node, b)];
  const out: (number | bigint)[] = new Array(batches * m * n);
  for (let t = 0; t < batches; t++) multiply(av, ia[t]! * m * k, bv, ib[t]! * k * n, m, k, n, out, t * m * n);
  const dims = [...batch, ...(a.dims.length === 1 ? [] : [m]), ...(b.dims.length === 1 ? [] : [n])];
  return [tensorOf(outputName(node), a.dtype, dims, out)];
};

/** A 2-D operand, transposed when asked, as values and [rows, cols]. */
function matrix(node: Node, t: Tensor, transpose: boolean): { values: Values; rows: number; cols: number } {
  if (t.dims.length !== 2) throw evalError(node, `operand '${t.name}' must be 2-D, got ${formatDims(t.dims)}`);
  const [r, c] = t.dims as [number, number];
  const values = valuesOf(node, t);
  if (!transpose) return { values, rows: r, cols: c };
  const out = new (values.constructor as new (n: number) => Values)(values.length);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = values[i * c + j]!;
  return { values: out, rows: c, cols: r };
}

export const evalGemm: OpEvaluator = (node, inputs) => {
  const a = required(node, inputs, 0);
  const b = required(node, inputs, 1);
  const A = matrix(node, a, attrInt(node, 'transA', 0) === 1);
  const B = matrix(node, b, attrInt(node, 'transB', 0) === 1);
  if (A.cols !== B.rows) throw evalError(node, `cannot multiply ${A.rows}x${A.cols} by ${B.rows}x${B.cols}`);
  const [m, n] = [A.rows, B.cols];
  const product: (number | bigint)[] = new Array(m * n);
  multiply(A.values, 0, B.values, 0, m, A.cols, n, product, 0);
  const alpha = attrFloat(node, 'alpha', 1);
  const beta = attrFloat(node, 'beta', 1);
  const c = inputs[2];
  const cv = c ? valuesOf(node, c) : undefined;
  const ic = c ? broadcastIndex(c.dims, broadcastShapes(node, [c.dims, [m, n]])) : undefined;
  if (ic && ic.length !== m * n) throw evalError(node, `C ${formatDims(c!.dims)} does not broadcast to [${m},${n}]`);
  const big = isBigDType(a.dtype);
  for (let i = 0; i < product.length; i++) {
    if (big) {
      // Integer Gemm: alpha and beta are whole numbers in practice; keep the math exact.
      let v = (product[i] as bigint) * BigInt(Math.trunc(alpha));
      if (cv) v += (cv[ic![i]!] as bigint) * BigInt(Math.trunc(beta));
      product[i] = v;
    } else {
      let v = alpha * (product[i] as number);
      if (cv) v += beta * (cv[ic![i]!] as number);
      product[i] = v;
    }
  }
  return [tensorOf(outputName(node), a.dtype, [m, n], product)];
};
