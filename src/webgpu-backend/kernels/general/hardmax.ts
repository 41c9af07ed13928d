// Hardmax: 1 at the first largest element of each row, 0 elsewhere. From opset 13 a row runs along
// one axis (default -1); before, the input is seen as 2-D [prod(dims[:axis]), prod(dims[axis:])]
// (default axis 1), as Softmax does. One invocation per row (rows of `length` elements `inner`
// apart, row-wgsl.ts's layout): a pass for the first maximum, a pass writing the row.
import { attrInt } from '../../../ir/attributes.ts';
import { FLOAT_DTYPES, inputInfo, outputInfo, sameDtype, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { rowLayout } from './row-wgsl.ts';
import { normalizeAxis } from './softmax.ts';

function generateHardmax(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const rank = x.dims.length;
  const flattens = ctx.opset < 13;
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', flattens ? 1 : -1), rank);
  const { outer, length, inner } = flattens ? rowLayout(x.dims, axis, rank) : rowLayout(x.dims, axis);
  const rows = outer * inner;
  const params = new ParamWriter();
  params.u32('rows', rows);
  params.u32('length', length);
  params.u32('inner', inner);
  const t = y.gpu.scalar;
  const body = `
${linearEntryPoint()}
  if (index >= param(P_ROWS)) { return; }
  let L = param(P_LENGTH);
  let S = param(P_INNER);
  let base = (index / S) * L * S + index % S;
  var best = 0u;
  var top = f32(X[base]);
  for (var i = 1u; i < L; i++) {
    let v = f32(X[base + i * S]);
    if (v > top) { top = v; best = i; }
  }
  for (var i = 0u; i < L; i++) { Y[base + i * S] = select(${t}(0), ${t}(1), i == best); }
}`;
  return kernelSource({
    variant: `hardmax${inner > 1 ? '-strided' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(rows, 1), ctx.profile.limits),
  });
}

export const HARDMAX_OPS: Record<string, OpDef> = {
  Hardmax: { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES), generate: generateHardmax },
};
