// Transpose (default permutation: reverse the axes).
import { attrInts } from '../../attributes.ts';
import { numElements } from '../../tensor.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError, formatDims, stridesOf, takeElements } from '../values.ts';

export const evalTranspose: OpEvaluator = (node, inputs) => {
  const data = required(node, inputs, 0);
  const rank = data.dims.length;
  const perm = attrInts(node, 'perm')?.slice() ?? data.dims.map((_, i) => rank - 1 - i);
  const valid = perm.length === rank && new Set(perm).size === rank && perm.every((p) => p >= 0 && p < rank);
  if (!valid) throw evalError(node, `perm ${formatDims(perm)} is not a permutation of ${rank} axes`);
  const dims = perm.map((p) => data.dims[p]!);
  const inStrides = stridesOf(data.dims);
  const step = perm.map((p) => inStrides[p]!);
  const index = new Int32Array(numElements(dims));
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < index.length; i++) {
    index[i] = offset;
    for (let k = rank - 1; k >= 0; k--) {
      offset += step[k]!;
      if (++counter[k]! < dims[k]!) break;
      offset -= step[k]! * dims[k]!;
      counter[k] = 0;
    }
  }
  return [takeElements(outputName(node), data, dims, index)];
};
