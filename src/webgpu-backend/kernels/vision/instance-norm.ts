// InstanceNormalization: y = scale[c] · (x − mean) / sqrt(var + ε) + B[c], with mean and (biased)
// variance over each (n, c) plane, and its channels-last form kiln.NhwcInstanceNormalization.
// One kernel, two passes over the plane for the statistics (mean, then the squared deviations:
// no cancellation, unlike E[x²] − E[x]²) and one to write.
//   plane      one invocation per plane (NCHW: contiguous; NHWC: stride C): barrier-free, for
//              software adapters, and for NHWC everywhere
//   workgroup  GPUs, NCHW planes of 256+ pixels: 64 invocations share a plane, combining their
//              partial sums through workgroup memory
import { attrFloat } from '../../../ir/attributes.ts';
import { FLOAT_DTYPES, sameDtype, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { elem, load, store, type FloatScalar } from './float-wgsl.ts';
import { type Layout } from './geometry.ts';
import { planeProblem } from './planes.ts';

function planeBody(layout: Layout, t: FloatScalar): string {
  const at = layout === 'nchw' ? 'base + i' : 'base + i * channels';
  return `
${linearEntryPoint()}
  let pixels = param(P_PIXELS);
  let channels = param(P_CHANNELS);
  let plane = index;
  if (plane >= param(P_PLANES)) { return; }
  let c = plane % channels;
  let base = ${layout === 'nchw' ? 'plane * pixels' : '(plane / channels) * pixels * channels + c'};
  var sum = 0.0;
  for (var i = 0u; i < pixels; i++) { sum += ${load(t, `X[${at}]`)}; }
  let mean = sum / f32(pixels);
  var dev = 0.0;
  for (var i = 0u; i < pixels; i++) { let d = ${load(t, `X[${at}]`)} - mean; dev += d * d; }
  let a = ${load(t, 'S[c]')} * inverseSqrt(dev / f32(pixels) + paramF(P_EPSILON));
  let b = ${load(t, 'B[c]')} - mean * a;
  for (var i = 0u; i < pixels; i++) { Y[${at}] = ${store(t, `${load(t, `X[${at}]`)} * a + b`)}; }
}`;
}

function workgroupBody(t: FloatScalar): string {
  return `
var<workgroup> partial: array<f32, 64>;

/** The sum of every invocation's v (all 64 must call it: it has barriers). */
fn workgroupSum(li: u32, v: f32) -> f32 {
  workgroupBarrier();
  partial[li] = v;
  for (var width = 32u; width > 0u; width /= 2u) {
    workgroupBarrier();
    if (li < width) { partial[li] += partial[li + width]; }
  }
  workgroupBarrier();
  return partial[0];
}

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let pixels = param(P_PIXELS);
  let plane = wid.x + wid.y * groups.x;
  // Uniform per workgroup: a whole workgroup returns or none does.
  if (plane >= param(P_PLANES)) { return; }
  let c = plane % param(P_CHANNELS);
  let base = plane * pixels;
  var sum = 0.0;
  for (var i = li; i < pixels; i += 64u) { sum += ${load(t, 'X[base + i]')}; }
  let mean = workgroupSum(li, sum) / f32(pixels);
  var dev = 0.0;
  for (var i = li; i < pixels; i += 64u) { let d = ${load(t, 'X[base + i]')} - mean; dev += d * d; }
  let variance = workgroupSum(li, dev) / f32(pixels);
  let a = ${load(t, 'S[c]')} * inverseSqrt(variance + paramF(P_EPSILON));
  let b = ${load(t, 'B[c]')} - mean * a;
  for (var i = li; i < pixels; i += 64u) { Y[base + i] = ${store(t, `${load(t, 'X[base + i]')} * a + b`)}; }
}`;
}

function generateInstanceNorm(ctx: OpContext, layout: Layout): KernelSource {
  const { planes, pixels, t, params } = planeProblem(ctx, layout);
  params.f32('epsilon', attrFloat(ctx.node, 'epsilon', 1e-5));
  const io = {
    inputs: [{ name: 'X', elem: elem(t, false) }, { name: 'S', elem: t }, { name: 'B', elem: t }],
    output: { name: 'Y', elem: elem(t, false) },
    params,
  };
  if (ctx.profile.kind === 'gpu' && layout === 'nchw' && pixels >= 256) {
    const rows = Math.ceil(planes / ctx.profile.limits.maxComputeWorkgroupsPerDimension);
    return kernelSource({ ...io, variant: 'instance-norm-workgroup', body: workgroupBody(t), workgroups: [Math.ceil(planes / rows), rows, 1], workgroupStorageBytes: 64 * 4 });
  }
  return kernelSource({ ...io, variant: `instance-norm-${layout}`, body: planeBody(layout, t), workgroups: linearWorkgroups(planes, ctx.profile.limits) });
}

const op = (layout: Layout): OpDef => ({ kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES, 3), generate: (ctx) => generateInstanceNorm(ctx, layout) });

export const INSTANCE_NORM_OPS: Record<string, OpDef> = {
  InstanceNormalization: op('nchw'),
  'kiln.NhwcInstanceNormalization': op('nhwc'),
};
