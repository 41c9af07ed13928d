// Concat and Split: joining and cutting along one axis.
import { attrInt, attrInts } from '../../attributes.ts';
import { numElements, tensorData, makeTensor, type TypedArray } from '../../tensor.ts';
import type { Tensor } from '../../types.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError, formatDims, intsOf, normalizeAxis, takeElements } from '../values.ts';

export const evalConcat: OpEvaluator = (node, inputs) => {
  const parts = inputs.filter((t): t is Tensor => t !== undefined);
  const first = parts[0];
  if (!first) throw evalError(node, 'has no inputs');
  const rank = first.dims.length;
  const axis = normalizeAxis(node, attrInt(node, 'axis', 0), rank);
  for (const t of parts) {
    const same = t.dims.length === rank && t.dims.every((d, i) => i === axis || d === first.dims[i]);
    if (!same || t.dtype !== first.dtype) throw evalError(node, `cannot concatenate ${t.dtype}${formatDims(t.dims)} with ${first.dtype}${formatDims(first.dims)} on axis ${axis}`);
  }
  const dims = [...first.dims];
  dims[axis] = parts.reduce((s, t) => s + t.dims[axis]!, 0);
  const outer = numElements(first.dims.slice(0, axis));
  const sources = parts.map((t) => ({ data: tensorData(t), block: numElements(t.dims.slice(axis)) }));
  const out = new (sources[0]!.data.constructor as new (n: number) => TypedArray)(numElements(dims));
  let offset = 0;
  for (let o = 0; o < outer; o++) {
    for (const { data, block } of sources) {
      out.set(data.subarray(o * block, (o + 1) * block) as never, offset);
      offset += block;
    }
  }
  return [makeTensor(outputName(node), first.dtype, dims, out)];
};

export const evalSplit: OpEvaluator = (node, inputs, opset) => {
  const data = required(node, inputs, 0);
  const axis = normalizeAxis(node, attrInt(node, 'axis', 0), data.dims.length);
  const size = data.dims[axis]!;
  const count = node.outputs.length;
  const given = opset < 13 ? attrInts(node, 'split')?.slice() : inputs[1] ? intsOf(node, inputs[1], 'split') : undefined;
  let sizes: number[];
  if (given) {
    sizes = given;
  } else {
    const numOutputs = attrInt(node, 'num_outputs', count);
    // Since opset 18 an uneven split makes the last piece smaller; before, it had to divide evenly.
    const chunk = opset >= 18 ? Math.ceil(size / numOutputs) : size / numOutputs;
    if (!Number.isInteger(chunk)) throw evalError(node, `axis of size ${size} does not split into ${numOutputs} equal parts`);
    sizes = Array.from({ length: numOutputs }, (_, i) => Math.max(0, Math.min(chunk, size - i * chunk)));
  }
  if (sizes.length !== count || sizes.reduce((a, b) => a + b, 0) !== size || sizes.some((s) => s < 0)) {
    throw evalError(node, `split ${formatDims(sizes)} does not cut an axis of size ${size} into ${count} outputs`);
  }
  const outer = numElements(data.dims.slice(0, axis));
  const inner = numElements(data.dims.slice(axis + 1));
  let start = 0;
  return sizes.map((s, k) => {
    const dims = [...data.dims];
    dims[axis] = s;
    const index = new Int32Array(outer * s * inner);
    let n = 0;
    for (let o = 0; o < outer; o++) {
      const base = (o * size + start) * inner;
      for (let i = 0; i < s * inner; i++) index[n++] = base + i;
    }
    start += s;
    return takeElements(outputName(node, k), data, dims, index);
  });
};
