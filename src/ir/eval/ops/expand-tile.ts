// Expand (broadcast to a shape, both ways) and Tile (repeat along each axis).
import { numElements } from '../../tensor.ts';
import { broadcastIndex, broadcastShapes } from '../broadcast.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError, formatDims, intsOf, stridesOf, takeElements } from '../values.ts';

export const evalExpand: OpEvaluator = (node, inputs) => {
  const data = required(node, inputs, 0);
  const shape = intsOf(node, required(node, inputs, 1), 'shape');
  const dims = broadcastShapes(node, [data.dims, shape]);
  return [takeElements(outputName(node), data, dims, broadcastIndex(data.dims, dims))];
};

export const evalTile: OpEvaluator = (node, inputs) => {
  const data = required(node, inputs, 0);
  const repeats = intsOf(node, required(node, inputs, 1), 'repeats');
  const rank = data.dims.length;
  if (repeats.length !== rank || repeats.some((r) => r < 0)) throw evalError(node, `repeats ${formatDims(repeats)} do not fit rank ${rank}`);
  const dims = data.dims.map((d, k) => d * repeats[k]!);
  const strides = stridesOf(data.dims);
  const index = new Int32Array(numElements(dims));
  const counter = new Array<number>(rank).fill(0);
  for (let i = 0; i < index.length; i++) {
    let offset = 0;
    for (let k = 0; k < rank; k++) offset += (counter[k]! % data.dims[k]!) * strides[k]!;
    index[i] = offset;
    for (let k = rank - 1; k >= 0; k--) {
      if (++counter[k]! < dims[k]!) break;
      counter[k] = 0;
    }
  }
  return [takeElements(outputName(node), data, dims, index)];
};
