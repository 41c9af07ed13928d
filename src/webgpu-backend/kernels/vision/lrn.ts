// LRN (local response normalization across channels, AlexNet/ZFNet/Inception v1) and its
// channels-last form kiln.NhwcLRN: y = x / (bias + α/size · Σ x[c']²)^β over the channels
// c' ∈ [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉] that exist. One output per invocation: it reads
// `size` inputs along the channel axis (stride = the plane size in NCHW, 1 in NHWC).
import { attrFloat, attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { FLOAT_DTYPES, inputInfo, outputInfo, sameDtype, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { floatScalar, load, store } from './float-wgsl.ts';
import { channelsFirst, type Layout } from './geometry.ts';

function checkLrn(node: Node): string | undefined {
  const size = attrInt(node, 'size');
  if (size === undefined || size < 1) return 'LRN needs a positive size';
  return undefined;
}

function generateLrn(ctx: OpContext, layout: Layout): KernelSource {
  const node = ctx.node;
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  const dims = channelsFirst(x.dims, layout);
  const channels = dims[1]!;
  const pixels = numElements(dims.slice(2));
  const size = attrInt(node, 'size', 1);
  const t = floatScalar(y);
  const count = numElements(x.dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32('channels', channels);
  params.u32('pixels', pixels);
  params.u32('before', Math.floor((size - 1) / 2));
  params.u32('after', Math.ceil((size - 1) / 2));
  params.f32('alpha_over_size', attrFloat(node, 'alpha', 1e-4) / size);
  params.f32('beta', attrFloat(node, 'beta', 0.75));
  params.f32('bias', attrFloat(node, 'bias', 1));
  // Channel c of the element at index, and the stride between neighbouring channels.
  const [channel, stride] = layout === 'nchw' ? ['(index / pixels) % channels', 'pixels'] : ['index % channels', '1u'];
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let channels = param(P_CHANNELS);
  let pixels = param(P_PIXELS);
  let c = ${channel};
  let first = c - min(c, param(P_BEFORE));
  let last = min(c + param(P_AFTER), channels - 1u);
  let origin = index - (c - first) * ${stride};
  var sum = 0.0;
  for (var k = 0u; k <= last - first; k++) {
    let v = ${load(t, `X[origin + k * ${stride}]`)};
    sum += v * v;
  }
  let scale = pow(paramF(P_BIAS) + paramF(P_ALPHA_OVER_SIZE) * sum, paramF(P_BETA));
  Y[index] = ${store(t, `${load(t, 'X[index]')} / scale`)};
}`;
  return kernelSource({
    variant: `lrn-${layout}`,
    inputs: [{ name: 'X', elem: t }],
    output: { name: 'Y', elem: t },
    params,
    body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

const op = (layout: Layout): OpDef => ({ kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES), check: checkLrn, generate: (ctx) => generateLrn(ctx, layout) });

export const LRN_OPS: Record<string, OpDef> = {
  LRN: op('nchw'),
  'kiln.NhwcLRN': op('nhwc'),
};
