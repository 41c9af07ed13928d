// ReduceSum, ReduceMean, ReduceProd, ReduceMin, ReduceMax. Axes are an attribute until
// ReduceSum-13 and the others' opset 18, then an optional input (noop_with_empty_axes applies).
import { attrInt, attrInts } from '../../attributes.ts';
import { numElements } from '../../tensor.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError, intsOf, isBigDType, normalizeAxis, tensorOf, valuesOf } from '../values.ts';
import type { Scalar } from '../elementwise.ts';

interface Reducer {
  init(big: boolean): Scalar;
  step(acc: Scalar, v: Scalar): Scalar;
}

const REDUCERS: Record<string, Reducer> = {
  ReduceSum: { init: (big) => (big ? 0n : 0), step: (a, v) => (a as number) + (v as number) },
  ReduceMean: { init: (big) => (big ? 0n : 0), step: (a, v) => (a as number) + (v as number) },
  ReduceProd: { init: (big) => (big ? 1n : 1), step: (a, v) => (a as number) * (v as number) },
  ReduceMin: { init: (big) => (big ? 2n ** 63n - 1n : Infinity), step: (a, v) => (v < a || Number.isNaN(v) ? v : a) },
  ReduceMax: { init: (big) => (big ? -(2n ** 63n) : -Infinity), step: (a, v) => (v > a || Number.isNaN(v) ? v : a) },
};

export const evalReduce: OpEvaluator = (node, inputs, opset) => {
  const reducer = REDUCERS[node.opType];
  if (!reducer) throw evalError(node, 'is not a reduction the evaluator knows');
  const x = required(node, inputs, 0);
  const rank = x.dims.length;
  const axesFromInput = node.opType === 'ReduceSum' ? opset >= 13 : opset >= 18;
  const given = axesFromInput ? (inputs[1] ? intsOf(node, inputs[1], 'axes') : undefined) : attrInts(node, 'axes')?.slice();
  const name = outputName(node);
  if ((!given || !given.length) && axesFromInput && attrInt(node, 'noop_with_empty_axes', 0) === 1) return [{ ...x, name }];
  const axes = new Set(given?.length ? given.map((a) => normalizeAxis(node, a, rank)) : x.dims.map((_, i) => i));
  const keepDims = attrInt(node, 'keepdims', 1) === 1;
  const reducedDims = x.dims.map((d, i) => (axes.has(i) ? 1 : d));
  const outDims = keepDims ? reducedDims : x.dims.filter((_, i) => !axes.has(i));
  const big = isBigDType(x.dtype);
  const acc: Scalar[] = new Array(numElements(reducedDims)).fill(reducer.init(big));
  const values = valuesOf(node, x);
  // Walk the input once; the output slot of each element ignores its reduced coordinates.
  const outStrides = reducedDims.map((_, i) => numElements(reducedDims.slice(i + 1)));
  const counter = new Array<number>(rank).fill(0);
  let slot = 0;
  for (let i = 0; i < values.length; i++) {
    acc[slot] = reducer.step(acc[slot]!, values[i]!);
    for (let k = rank - 1; k >= 0; k--) {
      if (!axes.has(k)) slot += outStrides[k]!;
      if (++counter[k]! < x.dims[k]!) break;
      if (!axes.has(k)) slot -= outStrides[k]! * x.dims[k]!;
      counter[k] = 0;
    }
  }
  if (node.opType === 'ReduceMean') {
    const count = numElements(x.dims.filter((_, i) => axes.has(i)));
    if (big && count === 0) throw evalError(node, 'mean of no elements');
    for (let i = 0; i < acc.length; i++) acc[i] = big ? (acc[i] as bigint) / BigInt(count) : (acc[i] as number) / count;
  }
  return [tensorOf(name, x.dtype, outDims, acc)];
};
