// Gather and GatherElements (negative indices count from the end of the axis).
import { attrInt } from '../../attributes.ts';
import { numElements } from '../../tensor.ts';
import type { Node } from '../../types.ts';
import { required, outputName, type OpEvaluator } from '../kernel.ts';
import { evalError, intsOf, normalizeAxis, stridesOf, takeElements } from '../values.ts';

function checkIndex(node: Node, i: number, size: number): number {
  if (i < -size || i >= size) throw evalError(node, `index ${i} is out of range for an axis of size ${size}`);
  return i < 0 ? i + size : i;
}

export const evalGather: OpEvaluator = (node, inputs) => {
  const data = required(node, inputs, 0);
  const indicesTensor = required(node, inputs, 1);
  const indices = intsOf(node, indicesTensor, 'indices');
  const axis = normalizeAxis(node, attrInt(node, 'axis', 0), data.dims.length);
  const size = data.dims[axis]!;
  const outer = numElements(data.dims.slice(0, axis));
  const inner = numElements(data.dims.slice(axis + 1));
  const dims = [...data.dims.slice(0, axis), ...indicesTensor.dims, ...data.dims.slice(axis + 1)];
  const index = new Int32Array(numElements(dims));
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (const raw of indices) {
      const base = (o * size + checkIndex(node, raw, size)) * inner;
      for (let i = 0; i < inner; i++) index[k++] = base + i;
    }
  }
  return [takeElements(outputName(node), data, dims, index)];
};

export const evalGatherElements: OpEvaluator = (node, inputs) => {
  const data = required(node, inputs, 0);
  const indicesTensor = required(node, inputs, 1);
  const indices = intsOf(node, indicesTensor, 'indices');
  const rank = data.dims.length;
  if (indicesTensor.dims.length !== rank) throw evalError(node, `indices have rank ${indicesTensor.dims.length}, data has rank ${rank}`);
  const axis = normalizeAxis(node, attrInt(node, 'axis', 0), rank);
  const dataStrides = stridesOf(data.dims);
  const outDims = indicesTensor.dims;
  const index = new Int32Array(indices.length);
  const counter = new Array<number>(rank).fill(0);
  for (let n = 0; n < indices.length; n++) {
    let offset = 0;
    for (let d = 0; d < rank; d++) {
      const at = d === axis ? checkIndex(node, indices[n]!, data.dims[d]!) : counter[d]!;
      if (at >= data.dims[d]!) throw evalError(node, `indices dim ${d} (${outDims[d]}) exceeds the data's (${data.dims[d]})`);
      offset += at * dataStrides[d]!;
    }
    index[n] = offset;
    for (let d = rank - 1; d >= 0; d--) {
      if (++counter[d]! < outDims[d]!) break;
      counter[d] = 0;
    }
  }
  return [takeElements(outputName(node), data, outDims, index)];
};
