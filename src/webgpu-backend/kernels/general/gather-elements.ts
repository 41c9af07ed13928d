// GatherElements and GatherND: gathers where the indices tensor picks elements (or slices) one
// by one, unlike Gather's whole rows. One invocation per output element, no barriers.
//   GatherElements  out[c] = data[c with c[axis] = indices[c]]  (indices and output share a shape)
//   GatherND        indices [..., q] name q leading coordinates of data (after batch_dims shared
//                   leading dims); each index tuple copies a slice of prod(data.dims[b+q:])
// Indices arrive as i32 (int64 is narrowed, gpu-dtype.ts); negative ones count from the end and
// out-of-range ones are clamped, so a bad index reads a wrong element instead of memory outside
// the tensor (onnxruntime rejects them).
import { attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import { inputInfo, outputInfo, shapeError, wgslElem, WORD_DTYPES, type DtypeSignature, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides, offsetsFunction } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { normalizeAxis } from './softmax.ts';

/** WGSL: an index read as i32, counted from the end when negative, clamped into [0, size). */
export const WRAP_INDEX_WGSL = `fn wrapIndex(raw: i32, size: u32) -> u32 {
  var at = raw;
  if (at < 0) { at += i32(size); }
  return u32(clamp(at, 0, i32(size) - 1));
}`;

function generateGatherElements(ctx: OpContext): KernelSource {
  const [data, indices, out] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const rank = data.dims.length;
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', 0), rank);
  if (indices.dims.length !== rank) throw shapeError(ctx.node, `indices have rank ${indices.dims.length}, data rank ${rank}`);
  const strides = contiguousStrides(data.dims);
  const count = numElements(out.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', indices.dims);
  // The axis coordinate comes from the index, not from the output position.
  params.u32s('data_strides', strides.map((s, d) => (d === axis ? 0 : s)));
  params.u32('axis_len', data.dims[axis]!);
  params.u32('axis_stride', strides[axis]!);
  const body = `
${WRAP_INDEX_WGSL}
${offsetsFunction('dataOffset', rank, 'shape', ['data_strides'])}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let row = wrapIndex(Indices[index], param(P_AXIS_LEN));
  Y[index] = Data[dataOffset(index) + row * param(P_AXIS_STRIDE)];
}`;
  return kernelSource({
    variant: 'gather-elements',
    inputs: [{ name: 'Data', elem: wgslElem(data) }, { name: 'Indices', elem: 'i32' }],
    output: { name: 'Y', elem: wgslElem(out) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

function generateGatherNd(ctx: OpContext): KernelSource {
  const [data, indices, out] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const b = attrInt(ctx.node, 'batch_dims', 0);
  const q = indices.dims.at(-1) ?? 0;
  if (indices.dims.length < 1 || b < 0 || b + q > data.dims.length || b >= indices.dims.length) {
    throw shapeError(ctx.node, `indices ${indices.dims.length}-D with last dim ${q} and batch_dims ${b} do not fit data of rank ${data.dims.length}`);
  }
  const strides = contiguousStrides(data.dims);
  const count = numElements(out.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('slice', numElements(data.dims.slice(b + q)));
  params.u32('tuples_per_batch', numElements(indices.dims.slice(b, -1)));
  params.u32('batch_stride', numElements(data.dims.slice(b)));
  // Fields need at least one word each; q = 0 (whole batches) reads none of them.
  params.u32s('dims', q ? data.dims.slice(b, b + q) : [1]);
  params.u32s('strides', q ? strides.slice(b, b + q) : [0]);
  const body = `
${WRAP_INDEX_WGSL}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let slice = param(P_SLICE);
  let tuple = index / slice;
  var at = (tuple / param(P_TUPLES_PER_BATCH)) * param(P_BATCH_STRIDE) + index % slice;
  for (var t = 0u; t < ${q}u; t++) {
    at += wrapIndex(Indices[tuple * ${q}u + t], param(P_DIMS + t)) * param(P_STRIDES + t);
  }
  Y[index] = Data[at];
}`;
  return kernelSource({
    variant: 'gather-nd',
    inputs: [{ name: 'Data', elem: wgslElem(data) }, { name: 'Indices', elem: 'i32' }],
    output: { name: 'Y', elem: wgslElem(out) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

const GATHER_DTYPES: DtypeSignature = { types: { T: WORD_DTYPES, I: ['int32', 'int64'] }, inputs: ['T', 'I'], outputs: ['T'] };

export const GATHER_ELEMENTS_OPS: Record<string, OpDef> = {
  GatherElements: { kind: 'kernel', dtypes: GATHER_DTYPES, generate: generateGatherElements },
  GatherND: { kind: 'kernel', dtypes: { ...GATHER_DTYPES, types: { T: WORD_DTYPES, I: ['int64'] } }, generate: generateGatherNd },
};
