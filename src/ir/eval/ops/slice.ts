// Slice: attributes before opset 10, inputs (with steps) since. Out-of-range starts and ends
// clamp, which is how exporters write "to the end" (INT64_MAX) and reversal (INT64_MIN, step -1).
import { attrInts } from '../../attributes.ts';
import { numElements } from '../../tensor.ts';
import { outputName, required, type OpEvaluator } from '../kernel.ts';
import { evalError, formatDims, intsOf, normalizeAxis, stridesOf, takeElements } from '../values.ts';

export const evalSlice: OpEvaluator = (node, inputs, opset) => {
  const data = required(node, inputs, 0);
  const rank = data.dims.length;
  let starts: number[], ends: number[], axes: number[] | undefined, steps: number[] | undefined;
  if (opset < 10) {
    starts = [...attrInts(node, 'starts', [])];
    ends = [...attrInts(node, 'ends', [])];
    axes = attrInts(node, 'axes')?.slice();
  } else {
    starts = intsOf(node, required(node, inputs, 1), 'starts');
    ends = intsOf(node, required(node, inputs, 2), 'ends');
    axes = inputs[3] ? intsOf(node, inputs[3], 'axes') : undefined;
    steps = inputs[4] ? intsOf(node, inputs[4], 'steps') : undefined;
  }
  axes ??= starts.map((_, i) => i);
  steps ??= starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) {
    throw evalError(node, `starts ${formatDims(starts)}, ends ${formatDims(ends)}, axes ${formatDims(axes)} and steps ${formatDims(steps)} differ in length`);
  }
  const first = data.dims.map(() => 0);
  const step = data.dims.map(() => 1);
  const dims = [...data.dims];
  const seen = new Set<number>();
  for (let i = 0; i < starts.length; i++) {
    const axis = normalizeAxis(node, axes[i]!, rank);
    if (seen.has(axis)) throw evalError(node, `axis ${axis} is sliced twice`);
    seen.add(axis);
    const size = data.dims[axis]!;
    const s = steps[i]!;
    if (s === 0) throw evalError(node, 'a step of 0 is not allowed');
    let start = starts[i]! < 0 ? starts[i]! + size : starts[i]!;
    let end = ends[i]! < 0 ? ends[i]! + size : ends[i]!;
    if (s > 0) {
      start = Math.min(Math.max(start, 0), size);
      end = Math.min(Math.max(end, 0), size);
    } else {
      start = Math.min(Math.max(start, 0), size - 1);
      end = Math.min(Math.max(end, -1), size - 1);
    }
    first[axis] = start;
    step[axis] = s;
    dims[axis] = Math.max(0, Math.ceil((end - start) / s));
  }
  const strides = stridesOf(data.dims);
  const index = new Int32Array(numElements(dims));
  const counter = new Array<number>(rank).fill(0);
  const base = first.reduce((o, f, k) => o + f * strides[k]!, 0);
  const move = step.map((s, k) => s * strides[k]!);
  let offset = base;
  for (let i = 0; i < index.length; i++) {
    index[i] = offset;
    for (let k = rank - 1; k >= 0; k--) {
      offset += move[k]!;
      if (++counter[k]! < dims[k]!) break;
      offset -= move[k]! * dims[k]!;
      counter[k] = 0;
    }
  }
  return [takeElements(outputName(node), data, dims, index)];
};
