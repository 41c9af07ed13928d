// Gather along an axis. Indices arrive as i32 whatever their ONNX dtype (int64 is narrowed on the
// GPU, see gpu-dtype.ts); negative indices count from the end, and out-of-range ones are clamped
// so a bad index reads a wrong element instead of memory outside the tensor (onnxruntime rejects
// them). Each invocation writes one output element:
//   out[o, k, i] = data[o, indices[k], i]  (o: dims before the axis, k: index, i: dims after it)
import { attrInt } from '../../ir/attributes.ts';
import { numElements } from '../../ir/tensor.ts';
import { inputInfo, outputInfo, wgslElem, WORD_DTYPES, type OpContext, type OpDef } from '../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../wgsl/dispatch.ts';
import { ParamWriter } from '../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../wgsl/shader.ts';

function generateGather(ctx: OpContext): KernelSource {
  const [data, indices, out] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const rank = data.dims.length;
  const raw = attrInt(ctx.node, 'axis', 0);
  const axis = raw < 0 ? raw + rank : raw;
  const count = numElements(out.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('inner', numElements(data.dims.slice(axis + 1)));
  params.u32('axis_len', data.dims[axis] ?? 0);
  params.u32('indices', numElements(indices.dims));
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let inner = param(P_INNER);
  let axis_len = param(P_AXIS_LEN);
  let n = param(P_INDICES);
  let within = index % inner;
  let k = (index / inner) % n;
  let outer = index / (inner * n);
  var at = Indices[k];
  if (at < 0) { at += i32(axis_len); }
  let row = u32(clamp(at, 0, i32(axis_len) - 1));
  Y[index] = Data[(outer * axis_len + row) * inner + within];
}`;
  return kernelSource({
    variant: 'gather',
    inputs: [{ name: 'Data', elem: wgslElem(data) }, { name: 'Indices', elem: 'i32' }],
    output: { name: 'Y', elem: wgslElem(out) },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

export const GATHER_OPS: Record<string, OpDef> = {
  Gather: {
    kind: 'kernel',
    dtypes: { types: { T: WORD_DTYPES, I: ['int32', 'int64'] }, inputs: ['T', 'I'], outputs: ['T'] },
    generate: generateGather,
  },
};
