// Conv, com.microsoft.FusedConv (Conv + activation, optional residual Z added before the
// activation) and kiln.NhwcConv (channels-last activations, HWIO weights: the to-nhwc pass's op):
// one problem (conv-problem.ts), several kernels, chosen per adapter and shape:
//   blocked         software adapters: barrier-free register blocking, 8 channels × 8 pixels
//                   per invocation (conv-blocked-wgsl.ts); 1×1 convs are the same kernel with one
//                   tap (scalar loads cost the same as vec4 ones there, so a matmul form gains nothing)
//   depthwise-row   one input channel per group, on every adapter: row segments loaded once and
//                   reused across the row's taps (conv-depthwise-wgsl.ts)
//   depthwise       the same with flattened pixels, for rows too long to keep in registers
//   tiled           GPUs: implicit GEMM through workgroup-memory tiles (conv-tiled.ts)
// 1-D convs run as 2-D ones with a unit axis; 3-D convs run through the same loop nests.
// kiln.FusedConvEpilogue and kiln.NhwcFusedConvEpilogue (conv-epilogue.ts) run through every
// variant with an expression applied as each value is stored (conv-epilogue-wgsl.ts).
import type { Node } from '../../../ir/types.ts';
import { FLOAT_DTYPES, shapeError, type DtypeSignature, type OpContext, type OpDef } from '../../op-def.ts';
import { linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { checkFusedActivation, fusedActivation, type Activation } from './activation.ts';
import type { StoreEpilogue } from '../general/epilogue-wgsl.ts';
import { storeSuffix } from './conv-epilogue-wgsl.ts';
import { blockedConvBody, tileWorkgroup, type BlockedKind, type ConvTile } from './conv-blocked-wgsl.ts';
import { channelTiles, convInputs, convParams, outPixels, residualInPlace, type ConvProblem, convProblem } from './conv-problem.ts';
import { depthwiseRowBody, MAX_SEGMENT, ROW_OUTPUTS, rowWindow } from './conv-depthwise-wgsl.ts';
import { tiledConvKernel, wantsTiled } from './conv-tiled.ts';
import { checkWindowAttrs, type Layout } from './geometry.ts';

/** One input channel per group: nothing to reduce over channels. */
const isDepthwise = (p: ConvProblem) => p.cig === 1 && p.group === p.g.inChannels && p.group > 1;

/** 8×8 tiles (twice the multiply-adds per load of 4×4), narrowed where a side is smaller. */
function chooseTile(channels: number, pixels: number): ConvTile {
  return { channels: channels >= 8 ? 8 : 4, pixels: pixels >= 8 ? 8 : 4 };
}

function blockedKernel(p: ConvProblem, ctx: OpContext, kind: BlockedKind): KernelSource {
  // Depthwise tiles run over all output channels as one group: channels are independent.
  const q: ConvProblem = kind === 'depthwise' ? { ...p, group: 1, cog: p.g.outChannels } : p;
  const tile = chooseTile(q.cog, outPixels(q));
  const params = new ParamWriter();
  convParams(params, q, tile.channels);
  if (kind === 'depthwise') params.u32('mult', p.cog);
  const pixelTiles = Math.ceil(outPixels(q) / tile.pixels);
  const wg = tileWorkgroup(pixelTiles);
  const workgroups: [number, number, number] = [Math.ceil(pixelTiles / wg[0]), Math.ceil((channelTiles(q, tile.channels) * q.group) / wg[1]), q.g.batch];
  if (workgroups.some((w) => w > ctx.profile.limits.maxComputeWorkgroupsPerDimension)) {
    // Pixel tiles beyond the limit would need a 2-D fold of gid.x; no vision model comes close.
    throw shapeError(ctx.node, `dispatch ${workgroups.join('×')} exceeds the device's workgroups per dimension`);
  }
  return kernelSource({
    variant: `conv-${p.layout}-${kind === 'dense' ? 'blocked' : 'depthwise'}${storeSuffix(p.act, p.epilogue)}`,
    inputs: convInputs(p, p.t, p.t, p.t),
    output: { name: 'Y', elem: p.t },
    params,
    body: blockedConvBody(q, kind, tile, wg),
    workgroups,
    inPlace: residualInPlace(p),
  });
}

/** Depthwise by row windows (conv-depthwise-wgsl.ts): 4 channels × 8 outputs of a row per invocation. */
function depthwiseRowKernel(p: ConvProblem, ctx: OpContext): KernelSource {
  const q: ConvProblem = { ...p, group: 1, cog: p.g.outChannels };
  const params = new ParamWriter();
  const outLast = p.g.outSpatial.at(-1)!;
  const count = p.g.batch * Math.ceil(p.g.outChannels / 4) * (outPixels(p) / outLast) * Math.ceil(outLast / ROW_OUTPUTS);
  params.u32('count', count);
  convParams(params, q, 4);
  params.u32('mult', p.cog);
  return kernelSource({
    variant: `conv-${p.layout}-depthwise-row${storeSuffix(p.act, p.epilogue)}`,
    inputs: convInputs(p, p.t, p.t, p.t),
    output: { name: 'Y', elem: p.t },
    params,
    body: depthwiseRowBody(q),
    workgroups: linearWorkgroups(count, ctx.profile.limits),
    inPlace: residualInPlace(p),
  });
}

export function generateConv(ctx: OpContext, layout: Layout, act: Activation, epilogue?: StoreEpilogue): KernelSource {
  const p = convProblem(ctx, layout, act, epilogue);
  // Depthwise convs read kernel-size inputs per output: nothing for workgroup tiles to share.
  if (isDepthwise(p)) return rowWindow(p).segment <= MAX_SEGMENT ? depthwiseRowKernel(p, ctx) : blockedKernel(p, ctx, 'depthwise');
  if (wantsTiled(p, ctx.profile)) return tiledConvKernel(p, ctx);
  return blockedKernel(p, ctx, 'dense');
}

export function checkConv(node: Node): string | undefined {
  if (node.inputs.length < 2 || !node.inputs[0] || !node.inputs[1]) return `${node.opType} needs inputs X and W`;
  return checkWindowAttrs(node);
}

function checkFusedConv(node: Node): string | undefined {
  return checkConv(node) ?? checkFusedActivation(node);
}

const floats = (inputs: number): DtypeSignature => ({ types: { T: FLOAT_DTYPES }, inputs: Array<string>(inputs).fill('T'), outputs: ['T'] });
const NONE: Activation = { kind: 'none' };

export const CONV_OPS: Record<string, OpDef> = {
  Conv: { kind: 'kernel', dtypes: floats(3), check: checkConv, generate: (ctx) => generateConv(ctx, 'nchw', NONE) },
  'com.microsoft.FusedConv': { kind: 'kernel', dtypes: floats(4), check: checkFusedConv, generate: (ctx) => generateConv(ctx, 'nchw', fusedActivation(ctx.node)) },
  'kiln.NhwcConv': { kind: 'kernel', dtypes: floats(3), check: checkConv, generate: (ctx) => generateConv(ctx, 'nhwc', NONE) },
  'kiln.NhwcFusedConv': { kind: 'kernel', dtypes: floats(4), check: checkFusedConv, generate: (ctx) => generateConv(ctx, 'nhwc', fusedActivation(ctx.node)) },
};
