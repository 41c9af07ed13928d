// BatchNormalization at inference: y = (x − mean[c]) · scale[c] / sqrt(var[c] + ε) + B[c], and
// its channels-last form kiln.NhwcBatchNormalization. Training mode (training_mode = 1, or a read
// running-statistics output) is refused: it updates statistics, which inference never needs.
// The statistics are read from their buffers (they may be graph inputs), so each invocation
// covers 4 values that share them where the layout allows (a vec4 of one NCHW plane; in NHWC, 4
// pixels of 4 channels): a statistics load costs what an activation load costs on SwiftShader.
// Runs in place.
import { attrFloat, attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import { FLOAT_DTYPES, inputInfo, outputInfo, sameDtype, shapeError, type OpContext, type OpDef } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { elem, floatScalar, load, store } from './float-wgsl.ts';
import { channelsFirst, type Layout } from './geometry.ts';

function checkBatchNorm(node: Node, opset: number): string | undefined {
  if (attrInt(node, 'training_mode', 0) === 1) return 'training mode (training_mode = 1) updates running statistics; only inference is supported';
  if (opset < 7 && attrInt(node, 'is_test', 0) === 0 && node.outputs.filter((o) => o).length > 1) return 'training mode (is_test = 0) is not supported';
  if (attrInt(node, 'spatial', 1) === 0) return 'spatial = 0 (statistics per activation, not per channel) is not supported';
  if (node.inputs.length < 5) return 'BatchNormalization needs X, scale, B, mean and var';
  return undefined;
}

/** `fn normalize(v, c)` on one channel's statistics. */
const NORMALIZE = (t: 'f32' | 'f16') => `
fn normalize(v: vec4<f32>, c: u32) -> vec4<f32> {
  let a = ${load(t, 'S[c]')} * inverseSqrt(${load(t, 'V[c]')} + paramF(P_EPSILON));
  return (v - ${load(t, 'M[c]')}) * a + ${load(t, 'B[c]')};
}`;

function generateBatchNorm(ctx: OpContext, layout: Layout): KernelSource {
  const node = ctx.node;
  const [x, y] = [inputInfo(ctx, 0), outputInfo(ctx)];
  if (ctx.outputs.slice(1).some((o) => o?.used)) throw shapeError(node, 'its running-statistics outputs are read: training mode is not supported');
  const dims = channelsFirst(x.dims, layout);
  const channels = dims[1] ?? 1;
  const pixels = numElements(dims.slice(2));
  const count = numElements(x.dims);
  const t = floatScalar(y);
  const params = new ParamWriter();
  params.f32('epsilon', attrFloat(node, 'epsilon', 1e-5));
  params.u32('channels', channels);
  params.u32('pixels', pixels);
  let body: string;
  let invocations: number;
  // NCHW with whole vec4s per plane: 4 pixels of one channel per invocation, read and written as vec4.
  const vec = layout === 'nchw' && pixels % 4 === 0;
  if (layout === 'nchw') {
    invocations = vec ? count / 4 : count;
    params.u32('count', invocations);
    const v = vec ? load(t, 'X[index]', true) : `vec4<f32>(${load(t, 'X[index]')})`;
    body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let c = (index ${vec ? '* 4u' : ''} / param(P_PIXELS)) % param(P_CHANNELS);
  let r = normalize(${v}, c);
  Y[index] = ${vec ? store(t, 'r', true) : store(t, 'r.x')};
}`;
  } else {
    // NHWC: 4 channels × 4 pixels per invocation; the statistics load once per channel.
    const quads = Math.ceil(channels / 4);
    const pixelQuads = Math.ceil((dims[0]! * pixels) / 4);
    invocations = quads * pixelQuads;
    params.u32('count', invocations);
    params.u32('rows', dims[0]! * pixels);
    body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let channels = param(P_CHANNELS);
  let quads = (channels + 3u) / 4u;
  let c0 = (index % quads) * 4u;
  let row0 = (index / quads) * 4u;
  for (var k = 0u; k < 4u; k++) {
    let c = c0 + k;
    if (c >= channels) { break; }
    let a = ${load(t, 'S[c]')} * inverseSqrt(${load(t, 'V[c]')} + paramF(P_EPSILON));
    let b = ${load(t, 'B[c]')} - ${load(t, 'M[c]')} * a;
    for (var r = row0; r < min(row0 + 4u, param(P_ROWS)); r++) {
      Y[r * channels + c] = ${store(t, `${load(t, 'X[r * channels + c]')} * a + b`)};
    }
  }
}`;
  }
  return kernelSource({
    variant: `batch-norm-${layout}${vec ? '-vec4' : ''}`,
    inputs: [
      { name: 'X', elem: elem(t, vec), index: 0 },
      { name: 'S', elem: t, index: 1 },
      { name: 'B', elem: t, index: 2 },
      { name: 'M', elem: t, index: 3 },
      { name: 'V', elem: t, index: 4 },
    ],
    output: { name: 'Y', elem: elem(t, vec), index: 0 },
    params,
    body: `${layout === 'nchw' ? NORMALIZE(t) : ''}\n${body}`,
    workgroups: linearWorkgroups(invocations, ctx.profile.limits),
    inPlace: [{ input: 0, output: 0 }],
  });
}

const op = (layout: Layout): OpDef => ({
  kind: 'kernel',
  dtypes: sameDtype(FLOAT_DTYPES, 5, 5),
  check: checkBatchNorm,
  generate: (ctx) => generateBatchNorm(ctx, layout),
});

export const BATCH_NORM_OPS: Record<string, OpDef> = {
  BatchNormalization: op('nchw'),
  'kiln.NhwcBatchNormalization': op('nhwc'),
};
