// Element-by-element maps with broadcasting, shared by the arithmetic, comparison and unary ops.
// Results are computed in float64 (or bigint) and rounded once when stored in the output dtype,
// which for + - * / and sqrt is exactly the float32 result onnxruntime computes.
import type { DType } from '../dtype.ts';
import { numElements } from '../tensor.ts';
import type { Node, Tensor } from '../types.ts';
import { broadcastIndex, broadcastShapes } from './broadcast.ts';
import { tensorOf, valuesOf } from './values.ts';

export type Scalar = number | bigint;

export function unaryMap(node: Node, name: string, x: Tensor, outDtype: DType, f: (v: Scalar) => Scalar): Tensor {
  const xs = valuesOf(node, x);
  const out: Scalar[] = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = f(xs[i]!);
  return tensorOf(name, outDtype, x.dims, out);
}

export function binaryMap(node: Node, name: string, a: Tensor, b: Tensor, outDtype: DType, f: (x: Scalar, y: Scalar) => Scalar): Tensor {
  const dims = broadcastShapes(node, [a.dims, b.dims]);
  const [as, bs] = [valuesOf(node, a), valuesOf(node, b)];
  const [ia, ib] = [broadcastIndex(a.dims, dims), broadcastIndex(b.dims, dims)];
  const n = numElements(dims);
  const out: Scalar[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = f(as[ia[i]!]!, bs[ib[i]!]!);
  return tensorOf(name, outDtype, dims, out);
}

/** Folds variadic inputs pairwise, rounding to the dtype after each step as a runtime would. */
export function foldInputs(node: Node, name: string, inputs: readonly Tensor[], f: (x: Scalar, y: Scalar) => Scalar): Tensor {
  let acc = inputs[0]!;
  for (let k = 1; k < inputs.length; k++) acc = binaryMap(node, name, acc, inputs[k]!, acc.dtype, f);
  return { ...acc, name };
}
