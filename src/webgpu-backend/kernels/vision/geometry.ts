// The sliding-window geometry shared by convolutions and pools: kernel, strides, dilations and the
// begin pads (explicit, or resolved from auto_pad), read from a node and its static dims. Kernels
// gather: each output pixel reads input positions origin + tap·dilation with origin = out·stride −
// pad, so end pads never appear in the WGSL (the output size comes from shape inference; they only
// decide it). 1-D problems become 2-D ones with a unit leading axis, so the WGSL serves spatial
// ranks 2 and 3 only. Channels-first (NCHW) or channels-last (NHWC, Kiln's kiln.Nhwc* ops).
import { attrInt, attrInts, attrString } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import { formatDims, shapeError } from '../../op-def.ts';

export type Layout = 'nchw' | 'nhwc';

export interface WindowGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  /** Spatial sizes, 2 or 3 axes (a 1-D problem has a leading 1). */
  readonly inSpatial: readonly number[];
  readonly outSpatial: readonly number[];
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** Begin pads: input position = output position · stride − pad + tap · dilation. */
  readonly pads: readonly number[];
  /** End pads (only count_include_pad reads them: the output size comes from inference). */
  readonly padsEnd: readonly number[];
}

const AUTO_PADS = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];

/** Why the window attributes cannot be used (for OpDef.check), or undefined. */
export function checkWindowAttrs(node: Node): string | undefined {
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  if (!AUTO_PADS.includes(autoPad)) return `auto_pad '${autoPad}' is not one of ${AUTO_PADS.join(', ')}`;
  return undefined;
}

/** [N, C, ...spatial] from a tensor in the given layout. */
export function channelsFirst(dims: readonly number[], layout: Layout): number[] {
  return layout === 'nchw' ? [...dims] : [dims[0]!, dims[dims.length - 1]!, ...dims.slice(1, -1)];
}

/** Begin and end pads per axis: the attribute, or SAME_UPPER/SAME_LOWER's split of the total, or 0 (VALID). */
export function windowPads(node: Node, inSpatial: readonly number[], kernel: readonly number[], strides: readonly number[], dilations: readonly number[]): { begin: number[]; end: number[] } {
  const r = kernel.length;
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  if (autoPad === 'VALID') return { begin: Array<number>(r).fill(0), end: Array<number>(r).fill(0) };
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const totals = kernel.map((k, d) => {
      const out = Math.ceil(inSpatial[d]! / strides[d]!);
      return Math.max(0, (out - 1) * strides[d]! + (k - 1) * dilations[d]! + 1 - inSpatial[d]!);
    });
    // SAME_UPPER puts the odd pixel at the end, SAME_LOWER at the beginning.
    const begin = totals.map((t) => (autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2)));
    return { begin, end: totals.map((t, d) => t - begin[d]!) };
  }
  const pads = attrInts(node, 'pads', Array<number>(2 * r).fill(0));
  if (pads.length !== 2 * r) throw shapeError(node, `pads has ${pads.length} values for ${r} spatial axes`);
  return { begin: pads.slice(0, r), end: pads.slice(r) };
}

/** Reads the window of a conv or pool node: x and y in `layout`, the kernel's spatial size given. */
export function windowGeometry(node: Node, xDims: readonly number[], yDims: readonly number[], kernel: readonly number[], layout: Layout): WindowGeometry {
  const r = kernel.length;
  if (xDims.length !== r + 2 || yDims.length !== r + 2) throw shapeError(node, `input ${formatDims(xDims)} does not have ${r} spatial axes`);
  if (r < 1 || r > 3) throw shapeError(node, `${r} spatial axes: only 1-D, 2-D and 3-D windows are supported`);
  const x = channelsFirst(xDims, layout);
  const y = channelsFirst(yDims, layout);
  const ones = Array<number>(r).fill(1);
  const strides = attrInts(node, 'strides', ones);
  const dilations = attrInts(node, 'dilations', ones);
  if (strides.length !== r || dilations.length !== r) throw shapeError(node, `strides/dilations do not have ${r} values`);
  if ([...strides, ...dilations].some((s) => s < 1)) throw shapeError(node, 'strides and dilations must be positive');
  const inSpatial = x.slice(2);
  const pads = windowPads(node, inSpatial, kernel, strides, dilations);
  const g: WindowGeometry = {
    batch: x[0]!, inChannels: x[1]!, outChannels: y[1]!, inSpatial, outSpatial: y.slice(2),
    kernel: [...kernel], strides: [...strides], dilations: [...dilations], pads: pads.begin, padsEnd: pads.end,
  };
  return r === 1 ? to2d(g) : g;
}

/** A 1-D window as a 2-D one with a unit leading axis. */
function to2d(g: WindowGeometry): WindowGeometry {
  const one = (v: readonly number[], lead: number) => [lead, ...v];
  return {
    ...g,
    inSpatial: one(g.inSpatial, 1),
    outSpatial: one(g.outSpatial, 1),
    kernel: one(g.kernel, 1),
    strides: one(g.strides, 1),
    dilations: one(g.dilations, 1),
    pads: one(g.pads, 0),
    padsEnd: one(g.padsEnd, 0),
  };
}

export const product = (v: readonly number[]) => v.reduce((p, d) => p * d, 1);

/** The group attribute (Conv, ConvTranspose). */
export function groupOf(node: Node): number {
  return attrInt(node, 'group', 1);
}
