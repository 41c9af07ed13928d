// Slice: starts, ends, axes and steps are attributes before opset 10, constant inputs since (read
// at compile time). Out-of-range starts and ends clamp as in ONNX (INT64_MAX means "to the end";
// a negative step walks backwards from a start clamped to size - 1). Each invocation writes one
// output element, reading the input at Σ (start_d + c_d·step_d)·stride_d: a base offset plus a
// signed move per output coordinate.
import { attrInts } from '../../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, sameDtype, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';

interface SliceAxes {
  readonly starts: number[];
  readonly ends: number[];
  readonly axes?: number[];
  readonly steps?: number[];
}

function sliceArguments(ctx: OpContext): SliceAxes {
  const node = ctx.node;
  const ints = (i: number) => (ctx.inputs[i]?.constant ? [...tensorToNumbers(ctx.inputs[i].constant)] : undefined);
  if (ctx.opset < 10) return { starts: [...attrInts(node, 'starts', [])], ends: [...attrInts(node, 'ends', [])], ...(attrInts(node, 'axes') ? { axes: [...attrInts(node, 'axes')!] } : {}) };
  const [starts, ends, axes, steps] = [ints(1), ints(2), ints(3), ints(4)];
  if (!starts || !ends) throw shapeError(node, 'starts and ends must be constants');
  return { starts, ends, ...(axes ? { axes } : {}), ...(steps ? { steps } : {}) };
}

/** First index and step along every axis of `dims`. */
function sliceWalk(ctx: OpContext, dims: readonly number[]): { first: number[]; step: number[] } {
  const { starts, ends, axes = starts.map((_, i) => i), steps = starts.map(() => 1) } = sliceArguments(ctx);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) throw shapeError(ctx.node, 'starts, ends, axes and steps differ in length');
  const first = dims.map(() => 0);
  const step = dims.map(() => 1);
  starts.forEach((s0, i) => {
    const axis = axes[i]! < 0 ? axes[i]! + dims.length : axes[i]!;
    const size = dims[axis];
    if (size === undefined || axis < 0) throw shapeError(ctx.node, `axis ${axes[i]} is out of range`);
    const s = steps[i]!;
    if (s === 0) throw shapeError(ctx.node, 'a step of 0 is not allowed');
    const start = s0 < 0 ? s0 + size : s0;
    first[axis] = s > 0 ? Math.min(Math.max(start, 0), size) : Math.min(Math.max(start, 0), size - 1);
    step[axis] = s;
  });
  return { first, step };
}

function generateSlice(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const { first, step } = sliceWalk(ctx, x.dims);
  const strides = contiguousStrides(x.dims);
  const count = numElements(y.dims);
  const rank = y.dims.length;
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('base', first.reduce((o, f, d) => o + f * strides[d]!, 0));
  params.u32s('shape', y.dims);
  // Signed moves travel as their two's-complement bits.
  params.u32s('moves', step.map((s, d) => (s * strides[d]!) >>> 0));
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  var rest = index;
  var at = i32(param(P_BASE));
  for (var k = 0u; k < ${rank}u; k++) {
    let d = ${rank - 1}u - k;
    let size = param(P_SHAPE + d);
    at += i32(rest % size) * bitcast<i32>(param(P_MOVES + d));
    rest = rest / size;
  }
  Y[index] = X[u32(at)];
}`;
  return kernelSource({
    variant: step.some((s) => s < 0) ? 'slice-reversed' : 'slice',
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

export const SLICE_OPS: Record<string, OpDef> = {
  Slice: { kind: 'kernel', cpuInputs: [1, 2, 3, 4], dtypes: sameDtype(WORD_DTYPES), generate: generateSlice },
};
