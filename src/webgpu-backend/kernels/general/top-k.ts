// TopK: the k largest (or smallest) elements of each row along an axis, with their indices, in
// order (largest first, or smallest first; equal values by index, as onnxruntime orders them).
// k is the outputs' extent along the axis (static shapes: known whenever the outputs' shapes are),
// so its input is never read. One invocation per row selects serially: the r-th pick is the best
// element that comes after pick r-1 in that order (O(k·length) per row, no scratch; k is small in
// the models that use it).
import { attrInt } from '../../../ir/attributes.ts';
import { inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { rowLayout } from './row-wgsl.ts';
import { normalizeAxis } from './softmax.ts';

function generateTopK(ctx: OpContext): KernelSource {
  const [x, values, indices] = [inputInfo(ctx, 0), outputInfo(ctx, 0), outputInfo(ctx, 1)];
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', -1), x.dims.length);
  const largest = attrInt(ctx.node, 'largest', 1) !== 0;
  const { outer, length, inner } = rowLayout(x.dims, axis);
  const k = values.dims[axis] ?? 0;
  if (k > length) throw shapeError(ctx.node, `k ${k} is more than the ${length} elements along axis ${axis}`);
  const rows = outer * inner;
  const params = new ParamWriter();
  params.u32('rows', rows);
  params.u32('length', length);
  params.u32('inner', inner);
  params.u32('k', k);
  // `a` beats `b` (values, then indices) in the output order.
  const beats = largest ? '(va > vb || (va == vb && ia < ib))' : '(va < vb || (va == vb && ia < ib))';
  const t = x.gpu.scalar === 'f16' ? 'f32' : x.gpu.scalar;
  const body = `
fn beats(va: ${t}, ia: u32, vb: ${t}, ib: u32) -> bool { return ${beats}; }

${linearEntryPoint()}
  if (index >= param(P_ROWS)) { return; }
  let L = param(P_LENGTH);
  let S = param(P_INNER);
  let K = param(P_K);
  let base = (index / S) * L * S + index % S;
  let out_base = (index / S) * K * S + index % S;
  var prev_v = ${t}(0);
  var prev_i = 0u;
  for (var r = 0u; r < K; r++) {
    var found = false;
    var best_v = ${t}(0);
    var best_i = 0u;
    for (var i = 0u; i < L; i++) {
      let v = ${t}(X[base + i * S]);
      if (r > 0u && !beats(prev_v, prev_i, v, i)) { continue; }
      if (!found || beats(v, i, best_v, best_i)) { best_v = v; best_i = i; found = true; }
    }
    Values[out_base + r * S] = ${values.gpu.scalar}(best_v);
    Indices[out_base + r * S] = i32(best_i);
    prev_v = best_v;
    prev_i = best_i;
  }
}`;
  return kernelSource({
    variant: `top-k-${largest ? 'largest' : 'smallest'}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    outputs: [{ name: 'Values', elem: wgslElem(values), index: 0 }, { name: 'Indices', elem: 'i32', index: 1 }],
    params, body,
    workgroups: linearWorkgroups(Math.max(rows, 1), ctx.profile.limits),
  });
}

export const TOP_K_OPS: Record<string, OpDef> = {
  // Input 1 (k, int64) is never bound: the outputs' shapes carry it.
  TopK: { kind: 'kernel', dtypes: { types: { T: ['float32', 'float16', 'int32', 'int64', 'uint32'], I: ['int64'] }, inputs: ['T', 'I'], outputs: ['T', 'I'] }, generate: generateTopK },
};
