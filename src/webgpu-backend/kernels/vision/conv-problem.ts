// A convolution node (Conv, com.microsoft.FusedConv, kiln.NhwcConv, kiln.FusedConvEpilogue) read
// into one problem: the window geometry, groups, which optional operands are present (bias B,
// FusedConv's residual Z), the activation or elementwise epilogue (general/epilogue-wgsl.ts)
// applied on store, and the layouts: NCHW activations with OIHW weights [Cout, Cin/group, k...],
// or NHWC activations with HWIO weights [k..., Cin/group, Cout] (what the to-nhwc pass stores,
// see src/passes/layout/nhwc-ops.ts).
import { attrInts } from '../../../ir/attributes.ts';
import { formatDims, inputInfo, outputInfo, shapeError, type OpContext } from '../../op-def.ts';
import type { ParamWriter } from '../../wgsl/params.ts';
import type { InPlacePair } from '../../wgsl/shader.ts';
import { writeActivationParams, type Activation } from './activation.ts';
import type { StoreEpilogue } from '../general/epilogue-wgsl.ts';
import { floatScalar, type FloatScalar } from './float-wgsl.ts';
import { groupOf, product, windowGeometry, type Layout, type WindowGeometry } from './geometry.ts';
import { windowParams } from './window-wgsl.ts';

export interface ConvProblem {
  readonly layout: Layout;
  readonly g: WindowGeometry;
  readonly group: number;
  /** Input and output channels per group. */
  readonly cig: number;
  readonly cog: number;
  readonly hasBias: boolean;
  readonly hasZ: boolean;
  readonly act: Activation;
  /** kiln.FusedStoreEpilogue's expression, applied instead of `act` (which is then 'none'). */
  readonly epilogue?: StoreEpilogue;
  readonly t: FloatScalar;
}

export function convProblem(ctx: OpContext, layout: Layout, act: Activation, epilogue?: StoreEpilogue): ConvProblem {
  const node = ctx.node;
  const [x, w, y] = [inputInfo(ctx, 0), inputInfo(ctx, 1), outputInfo(ctx)];
  const r = x.dims.length - 2;
  if (w.dims.length !== r + 2) throw shapeError(node, `weight ${formatDims(w.dims)} does not match input ${formatDims(x.dims)}`);
  const kernel = layout === 'nchw' ? w.dims.slice(2) : w.dims.slice(0, r);
  const attrKernel = attrInts(node, 'kernel_shape');
  if (attrKernel && formatDims(attrKernel) !== formatDims(kernel)) throw shapeError(node, `kernel_shape ${formatDims(attrKernel)} differs from the weight's ${formatDims(kernel)}`);
  const g = windowGeometry(node, x.dims, y.dims, kernel, layout);
  const group = groupOf(node);
  const [wOut, wIn] = layout === 'nchw' ? [w.dims[0]!, w.dims[1]!] : [w.dims[r + 1]!, w.dims[r]!];
  if (group < 1 || g.inChannels !== wIn * group || g.outChannels !== wOut || wOut % group !== 0) {
    throw shapeError(node, `input ${formatDims(x.dims)}, weight ${formatDims(w.dims)} and group ${group} do not agree`);
  }
  const b = ctx.inputs[2];
  if (b && (b.dims.length !== 1 || b.dims[0] !== wOut)) throw shapeError(node, `bias ${formatDims(b.dims)} is not [${wOut}]`);
  // With an epilogue, inputs from 3 on are the expression's (FusedConv's Z is one of them then).
  const z = epilogue ? undefined : ctx.inputs[3];
  if (z && formatDims(z.dims) !== formatDims(y.dims)) throw shapeError(node, `Z ${formatDims(z.dims)} is not the output's shape ${formatDims(y.dims)}`);
  return { layout, g, group, cig: wIn, cog: wOut / group, hasBias: b !== undefined, hasZ: z !== undefined, act, ...(epilogue ? { epilogue } : {}), t: floatScalar(y) };
}

export const taps = (p: ConvProblem) => product(p.g.kernel);
export const outPixels = (p: ConvProblem) => product(p.g.outSpatial);
export const inPixels = (p: ConvProblem) => product(p.g.inSpatial);

/** Output-channel tiles of `tile` per group (tiles never straddle two groups). */
export const channelTiles = (p: ConvProblem, tile: number) => Math.ceil(p.cog / tile);

export function convParams(params: ParamWriter, p: ConvProblem, channelTile: number): void {
  windowParams(params, p.g);
  params.u32('c_in', p.g.inChannels);
  params.u32('c_out', p.g.outChannels);
  params.u32('cig', p.cig);
  params.u32('cog', p.cog);
  params.u32('group', p.group);
  params.u32('taps', taps(p));
  params.u32('co_tiles', channelTiles(p, channelTile));
  writeActivationParams(params, p.act);
  p.epilogue?.params(params);
}

/** Input bindings in node-input order: X, W, then B and Z where present, then the epilogue's. */
export function convInputs(p: ConvProblem, xElem: string, wElem: string, zElem: string) {
  return [
    { name: 'X', elem: xElem, index: 0 },
    { name: 'W', elem: wElem, index: 1 },
    ...(p.hasBias ? [{ name: 'B', elem: p.t, index: 2 }] : []),
    ...(p.hasZ ? [{ name: 'Z', elem: zElem, index: 3 }] : []),
    ...(p.epilogue?.inputs ?? []),
  ];
}

/**
 * FusedConv's residual Z (and an epilogue's full-size inputs) may share the output's memory: every
 * variant reads them only at the element it is about to write (lanes past the edge read a
 * neighbour this invocation writes, but store nothing).
 */
export const residualInPlace = (p: ConvProblem): InPlacePair[] => [...(p.hasZ ? [{ input: 3, output: 0 }] : []), ...(p.epilogue?.inPlace ?? [])];
