// GlobalAveragePool, GlobalMaxPool, GlobalLpPool and the channels-last kiln.NhwcGlobalAveragePool /
// kiln.NhwcGlobalMaxPool: one value per (batch, channel) over every spatial position.
//   plane      one invocation per (n, c) walks its plane (NCHW: contiguous; NHWC: stride C, where
//              neighbouring invocations read neighbouring channels): no barriers, for software
//              adapters, and for NHWC everywhere
//   workgroup  GPUs, NCHW planes of 256+ pixels: 64 invocations share a plane and combine their
//              partial results through workgroup memory (one pass, log2(64) barrier steps)
import { attrInt } from '../../../ir/attributes.ts';
import { FLOAT_DTYPES, sameDtype, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { elem, load, store, type FloatScalar } from './float-wgsl.ts';
import { type Layout } from './geometry.ts';
import { planeProblem } from './planes.ts';

type GlobalKind = 'avg' | 'max' | 'lp';

const REDUCE = {
  avg: { init: '0.0', step: (a: string, v: string) => `${a} + ${v}`, combine: (a: string, b: string) => `${a} + ${b}` },
  max: { init: 'bitcast<f32>(0xff7fffffu)', step: (a: string, v: string) => `max(${a}, ${v})`, combine: (a: string, b: string) => `max(${a}, ${b})` },
  lp: { init: '0.0', step: (a: string, v: string) => `${a} + pow(abs(${v}), paramF(P_P))`, combine: (a: string, b: string) => `${a} + ${b}` },
};

function finish(kind: GlobalKind, acc: string): string {
  if (kind === 'avg') return `${acc} / f32(pixels)`;
  if (kind === 'lp') return `pow(${acc}, 1.0 / paramF(P_P))`;
  return acc;
}

function planeBody(kind: GlobalKind, layout: Layout, t: FloatScalar): string {
  const r = REDUCE[kind];
  // NCHW: plane index = n·C + c, elements contiguous. NHWC: n = plane / C, c = plane % C, stride C.
  const at = layout === 'nchw' ? 'plane * pixels + i' : '(plane / c) * pixels * c + plane % c + i * c';
  return `
${linearEntryPoint()}
  let pixels = param(P_PIXELS);
  let c = param(P_CHANNELS);
  let plane = index;
  if (plane >= param(P_PLANES)) { return; }
  var acc = ${r.init};
  for (var i = 0u; i < pixels; i++) {
    let v = ${load(t, `X[${at}]`)};
    acc = ${r.step('acc', 'v')};
  }
  Y[plane] = ${store(t, finish(kind, 'acc'))};
}`;
}

function workgroupBody(kind: GlobalKind, t: FloatScalar): string {
  const r = REDUCE[kind];
  return `
var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let pixels = param(P_PIXELS);
  let plane = wid.x + wid.y * groups.x;
  // Uniform per workgroup: a whole workgroup returns or none does, so the barriers below are safe.
  if (plane >= param(P_PLANES)) { return; }
  var acc = ${r.init};
  for (var i = li; i < pixels; i += 64u) {
    let v = ${load(t, 'X[plane * pixels + i]')};
    acc = ${r.step('acc', 'v')};
  }
  partial[li] = acc;
  for (var width = 32u; width > 0u; width /= 2u) {
    workgroupBarrier();
    if (li < width) { partial[li] = ${r.combine('partial[li]', 'partial[li + width]')}; }
  }
  if (li == 0u) { Y[plane] = ${store(t, finish(kind, 'partial[0]'))}; }
}`;
}

function generateGlobal(ctx: OpContext, kind: GlobalKind, layout: Layout): KernelSource {
  const { planes, pixels, t, params } = planeProblem(ctx, layout);
  if (kind === 'lp') params.f32('p', attrInt(ctx.node, 'p', 2));
  const workgroup = ctx.profile.kind === 'gpu' && layout === 'nchw' && pixels >= 256;
  const io = { inputs: [{ name: 'X', elem: elem(t, false) }], output: { name: 'Y', elem: elem(t, false) }, params };
  if (workgroup) {
    // One workgroup per plane, folded into two dimensions past the per-dimension limit.
    const limit = ctx.profile.limits.maxComputeWorkgroupsPerDimension;
    const rows = Math.ceil(planes / limit);
    return kernelSource({ ...io, variant: `global-${kind}-pool-workgroup`, body: workgroupBody(kind, t), workgroups: [Math.ceil(planes / rows), rows, 1], workgroupStorageBytes: 64 * 4 });
  }
  return kernelSource({ ...io, variant: `global-${kind}-pool-${layout}`, body: planeBody(kind, layout, t), workgroups: linearWorkgroups(planes, ctx.profile.limits) });
}

const op = (kind: GlobalKind, layout: Layout): OpDef => ({ kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES), generate: (ctx) => generateGlobal(ctx, kind, layout) });

export const GLOBAL_POOL_OPS: Record<string, OpDef> = {
  GlobalAveragePool: op('avg', 'nchw'),
  GlobalMaxPool: op('max', 'nchw'),
  GlobalLpPool: op('lp', 'nchw'),
  'kiln.NhwcGlobalAveragePool': op('avg', 'nhwc'),
  'kiln.NhwcGlobalMaxPool': op('max', 'nhwc'),
};
