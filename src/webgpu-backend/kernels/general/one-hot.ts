// OneHot: indices [..] -> output with a new axis of length depth, holding values[1] where the
// coordinate along it equals the (wrapped) index and values[0] elsewhere. Depth is the output's
// extent along the new axis (static shapes: it is known whenever the output's shape is), so it is
// never read; the on/off values are read at run time. Float indices truncate toward 0 (onnxruntime
// matches non-integral ones to no position; ONNX expects integral values), negative
// ones count from the end, and out-of-range ones match nothing (a row of values[0]), as in ONNX.
import { attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, shapeError, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { normalizeAxis } from './softmax.ts';
import { rowLayout } from './row-wgsl.ts';

function generateOneHot(ctx: OpContext): KernelSource {
  const [indices, values, y] = [inputInfo(ctx, 0), inputInfo(ctx, 2), outputInfo(ctx)];
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', -1), y.dims.length);
  if (y.dims.length !== indices.dims.length + 1) throw shapeError(ctx.node, `output [${y.dims}] is not indices [${indices.dims}] with one more axis`);
  const { length: depth, inner } = rowLayout(y.dims, axis);
  const count = numElements(y.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('depth', depth);
  params.u32('inner', inner);
  // i32(f32) truncates toward 0, as the C++ cast onnxruntime applies.
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let D = param(P_DEPTH);
  let S = param(P_INNER);
  let d = i32((index / S) % D);
  var at = i32(Indices[(index / (S * D)) * S + index % S]);
  if (at < 0) { at += i32(D); }
  Y[index] = Values[select(0u, 1u, at == d)];
}`;
  return kernelSource({
    variant: 'one-hot',
    inputs: [{ name: 'Indices', elem: wgslElem(indices), index: 0 }, { name: 'Values', elem: wgslElem(values), index: 2 }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
}

export const ONE_HOT_OPS: Record<string, OpDef> = {
  OneHot: {
    kind: 'kernel',
    // Depth (input 1) is never bound; its dtype is any number ONNX allows.
    dtypes: { types: { I: ['float32', 'int32', 'int64'], D: ['float32', 'int32', 'int64', 'float16'], T: WORD_DTYPES }, inputs: ['I', 'D', 'T'], outputs: ['T'] },
    generate: generateOneHot,
  },
};
