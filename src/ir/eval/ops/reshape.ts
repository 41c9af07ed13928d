// Ops that only change dims: Reshape, Flatten, Unsqueeze, Squeeze. The result shares the bytes.
import { attrInt, attrInts } from '../../attributes.ts';
import { numElements } from '../../tensor.ts';
import type { Node } from '../../types.ts';
import { required, outputName, type Inputs, type OpEvaluator } from '../kernel.ts';
import { evalError, formatDims, intsOf, normalizeAxis, withDims } from '../values.ts';

export const evalReshape: OpEvaluator = (node, inputs, opset) => {
  const data = required(node, inputs, 0);
  const target = opset < 5 ? [...attrInts(node, 'shape', [])] : intsOf(node, required(node, inputs, 1), 'shape');
  const allowZero = attrInt(node, 'allowzero', 0) === 1;
  const dims = target.map((d, i) => (d === 0 && !allowZero ? data.dims[i] : d));
  if (dims.some((d) => d === undefined)) throw evalError(node, `shape ${formatDims(target)} copies a dim the input ${formatDims(data.dims)} lacks`);
  const inferred = dims.filter((d) => d === -1).length;
  if (inferred > 1 || dims.some((d) => d! < -1)) throw evalError(node, `shape ${formatDims(target)} is not a valid target`);
  const known = numElements(dims.filter((d) => d !== -1) as number[]);
  const total = numElements(data.dims);
  if (inferred) {
    if (known === 0 || total % known !== 0) throw evalError(node, `cannot reshape ${formatDims(data.dims)} to ${formatDims(target)}`);
    dims[dims.indexOf(-1)] = total / known;
  }
  if (numElements(dims as number[]) !== total) throw evalError(node, `cannot reshape ${formatDims(data.dims)} to ${formatDims(target)}`);
  return [withDims(outputName(node), data, dims as number[])];
};

export const evalFlatten: OpEvaluator = (node, inputs) => {
  const data = required(node, inputs, 0);
  const rank = data.dims.length;
  let axis = attrInt(node, 'axis', 1);
  if (axis < -rank || axis > rank) throw evalError(node, `axis ${axis} is out of range for rank ${rank}`);
  if (axis < 0) axis += rank;
  return [withDims(outputName(node), data, [numElements(data.dims.slice(0, axis)), numElements(data.dims.slice(axis))])];
};

/** Axes from the attribute (before opset 13) or from the optional second input. */
function axesOf(node: Node, inputs: Inputs, opset: number): number[] | undefined {
  if (opset < 13) return attrInts(node, 'axes')?.slice();
  const t = inputs[1];
  return t ? intsOf(node, t, 'axes') : undefined;
}

export const evalUnsqueeze: OpEvaluator = (node, inputs, opset) => {
  const data = required(node, inputs, 0);
  const axes = axesOf(node, inputs, opset);
  if (!axes) throw evalError(node, 'has no axes');
  const rank = data.dims.length + axes.length;
  const at = new Set(axes.map((a) => normalizeAxis(node, a, rank)));
  if (at.size !== axes.length) throw evalError(node, `axes ${formatDims(axes)} repeat an axis`);
  const dims: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) dims.push(at.has(i) ? 1 : data.dims[k++]!);
  return [withDims(outputName(node), data, dims)];
};

export const evalSqueeze: OpEvaluator = (node, inputs, opset) => {
  const data = required(node, inputs, 0);
  const axes = axesOf(node, inputs, opset);
  const rank = data.dims.length;
  const drop = new Set(axes ? axes.map((a) => normalizeAxis(node, a, rank)) : data.dims.flatMap((d, i) => (d === 1 ? [i] : [])));
  for (const a of drop) if (data.dims[a] !== 1) throw evalError(node, `cannot squeeze axis ${a} of size ${data.dims[a]}`);
  return [withDims(outputName(node), data, data.dims.filter((_, i) => !drop.has(i)))];
};
