// LpNormalization and GroupNormalization: statistics of a row, then the row rewritten from them,
// one invocation per row (no barriers: what software adapters want; rows here are short).
//   LpNormalization     x / ‖row‖ₚ along one axis (p = 1 or 2; a zero norm gives 0)
//   GroupNormalization  [N, C, ...] in num_groups groups of C/G channels: each (n, group) is a
//                       contiguous row; y = (x - mean) / sqrt(var + epsilon) · scale + bias, with
//                       scale and bias per channel (opset 21; [C]) or per group (opset 18; [G])
// Statistics in f32 (stash_type 1), two passes (mean, then the squared deviations).
import { attrFloat, attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, sameDtype, shapeError, wgslElem, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { rowLayout } from './row-wgsl.ts';
import { normalizeAxis } from './softmax.ts';

function generateLpNorm(ctx: OpContext): KernelSource {
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const axis = normalizeAxis(ctx, attrInt(ctx.node, 'axis', -1), x.dims.length);
  const p = attrInt(ctx.node, 'p', 2);
  const { outer, length, inner } = rowLayout(x.dims, axis);
  const rows = outer * inner;
  const params = new ParamWriter();
  params.u32('rows', rows);
  params.u32('length', length);
  params.u32('inner', inner);
  const body = `
${linearEntryPoint()}
  if (index >= param(P_ROWS)) { return; }
  let L = param(P_LENGTH);
  let S = param(P_INNER);
  let base = (index / S) * L * S + index % S;
  var total = 0.0;
  for (var i = 0u; i < L; i++) { let v = f32(X[base + i * S]); total += ${p === 1 ? 'abs(v)' : 'v * v'}; }
  let norm = ${p === 1 ? 'total' : 'sqrt(total)'};
  for (var i = 0u; i < L; i++) { Y[base + i * S] = ${y.gpu.scalar}(select(f32(X[base + i * S]) / norm, 0.0, norm == 0.0)); }
}`;
  return kernelSource({
    variant: `lp-norm-${p}${inner > 1 ? '-strided' : ''}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(rows, 1), ctx.profile.limits),
  });
}

function generateGroupNorm(ctx: OpContext): KernelSource {
  const [x, scale, bias, y] = [inputInfo(ctx, 0), inputInfo(ctx, 1), inputInfo(ctx, 2), outputInfo(ctx)];
  const [N, C] = x.dims as [number, number];
  const G = attrInt(ctx.node, 'num_groups', 0);
  if (x.dims.length < 2 || G < 1 || C % G !== 0) throw shapeError(ctx.node, `input ${formatDims(x.dims)} does not split into ${G} groups of channels`);
  const perChannel = scale.dims[0] === C;
  if (!perChannel && scale.dims[0] !== G) throw shapeError(ctx.node, `scale ${formatDims(scale.dims)} is neither per channel (${C}) nor per group (${G})`);
  const spatial = numElements(x.dims.slice(2));
  const rows = N * G;
  const params = new ParamWriter();
  params.u32('rows', rows);
  params.u32('length', (C / G) * spatial);
  params.u32('spatial', spatial);
  params.u32('groups', G);
  params.u32('group_channels', C / G);
  params.f32('epsilon', attrFloat(ctx.node, 'epsilon', 1e-5));
  const affine = perChannel ? 'let k = g * param(P_GROUP_CHANNELS) + i / param(P_SPATIAL);' : 'let k = g;';
  const body = `
${linearEntryPoint()}
  if (index >= param(P_ROWS)) { return; }
  let L = param(P_LENGTH);
  let base = index * L;
  let g = index % param(P_GROUPS);
  var sum = 0.0;
  for (var i = 0u; i < L; i++) { sum += f32(X[base + i]); }
  let mean = sum / f32(L);
  var dev = 0.0;
  for (var i = 0u; i < L; i++) { let d = f32(X[base + i]) - mean; dev += d * d; }
  let inv = 1.0 / sqrt(dev / f32(L) + paramF(P_EPSILON));
  for (var i = 0u; i < L; i++) {
    ${affine}
    Y[base + i] = ${y.gpu.scalar}((f32(X[base + i]) - mean) * inv * f32(Scale[k]) + f32(Bias[k]));
  }
}`;
  return kernelSource({
    variant: `group-norm-${perChannel ? 'channel' : 'group'}`,
    inputs: [{ name: 'X', elem: wgslElem(x) }, { name: 'Scale', elem: wgslElem(scale) }, { name: 'Bias', elem: wgslElem(bias) }],
    output: { name: 'Y', elem: wgslElem(y) },
    params, body,
    workgroups: linearWorkgroups(Math.max(rows, 1), ctx.profile.limits),
  });
}

function checkLpNorm(node: Node): string | undefined {
  const p = attrInt(node, 'p', 2);
  return p === 1 || p === 2 ? undefined : `p ${p} is not 1 or 2`;
}

export const NORMALIZATION_OPS: Record<string, OpDef> = {
  LpNormalization: { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES), check: checkLpNorm, generate: generateLpNorm },
  GroupNormalization: { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES, 3), generate: generateGroupNorm },
};
