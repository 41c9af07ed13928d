// Data movement that rearranges whole axes: Transpose, Concat, Split, Tile, Expand, Pad, the
// depth/space shuffles, and ops that keep their input's shape (ReverseSequence, Trilu).
import { attrInt, attrInts } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { addDims, broadcastShapes, divDims, formatShape, mulDims, normalizeAxis, unifyDims } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { sameAs } from './common.ts';
import { shapeFromInput } from './shape-ops.ts';

function concatShape(ctx: InferContext): Shape | undefined {
  const shapes: Shape[] = [];
  for (let i = 0; i < ctx.inputCount; i++) {
    const s = ctx.shape(i);
    if (!s) return undefined;
    shapes.push(s);
  }
  const first = shapes[0];
  if (!first) return undefined;
  // Concat-1 defaulted to axis 1; the axis became required (no default) at opset 4.
  const axis = normalizeAxis(attrInt(ctx.node, 'axis', ctx.opset < 4 ? 1 : 0), first.length);
  const out = [...first];
  for (const s of shapes.slice(1)) {
    if (s.length !== first.length) throw new InferError(`inputs have different ranks: ${shapes.map(formatShape).join(', ')}`);
    s.forEach((d, k) => {
      if (k === axis) out[k] = addDims(out[k]!, d, ctx.fresh);
      else out[k] = unifyDims(out[k]!, d, () => `inputs differ on axis ${k}: ${shapes.map(formatShape).join(', ')}`);
    });
  }
  return out;
}

function splitSizes(ctx: InferContext, size: Dim, outputs: number): readonly Dim[] {
  // Split-1 and Split-13+ take the sizes as an input; Split-2..11 as an attribute.
  const fromInput = ctx.has(1);
  const given = fromInput ? ctx.ints(1) : attrInts(ctx.node, 'split');
  if (given) {
    if (given.length !== outputs) throw new InferError(`split has ${given.length} sizes for ${outputs} outputs`);
    return given;
  }
  if (fromInput) return Array.from({ length: outputs }, () => ctx.fresh());
  const numOutputs = attrInt(ctx.node, 'num_outputs');
  if (typeof size !== 'number') {
    const equal = numOutputs === undefined && size !== null ? divDims(size, outputs) : undefined;
    return Array.from({ length: outputs }, () => equal ?? ctx.fresh());
  }
  if (numOutputs === undefined && size % outputs !== 0) throw new InferError(`axis size ${size} does not split evenly into ${outputs} outputs`);
  // With num_outputs (opset 18) the last chunk may be smaller: chunks of ceil(size / parts).
  const chunk = Math.ceil(size / (numOutputs ?? outputs));
  return Array.from({ length: outputs }, (_, k) => Math.max(0, Math.min(chunk, size - k * chunk)));
}

function padAmounts(ctx: InferContext, rank: number): number[] | undefined {
  if (ctx.opset < 11) return [...(attrInts(ctx.node, 'pads') ?? attrInts(ctx.node, 'paddings') ?? [])];
  const pads = ctx.ints(1);
  if (!pads) return undefined;
  const axes = ctx.has(3) ? ctx.ints(3) : Array.from({ length: rank }, (_, k) => k);
  if (!axes) return undefined;
  if (pads.length !== 2 * axes.length) throw new InferError(`pads has ${pads.length} values for ${axes.length} axes`);
  const full = Array(2 * rank).fill(0);
  axes.forEach((a, j) => {
    const k = normalizeAxis(a, rank);
    full[k] = pads[j]!;
    full[k + rank] = pads[j + axes.length]!;
  });
  return full;
}

/** Tile-1 repeated one axis (an input) a number of times (another input). */
function tileOneRepeats(ctx: InferContext, x: Shape | undefined): number[] | undefined {
  const [tiles, axis] = [ctx.ints(1)?.[0], ctx.ints(2)?.[0]];
  if (!x || tiles === undefined || axis === undefined) return undefined;
  const a = normalizeAxis(axis, x.length);
  return x.map((_, k) => (k === a ? tiles : 1));
}

export const movementRules: RuleTable = {
  Transpose: (ctx) => {
    const x = ctx.shape(0);
    if (!x) return [tensorType(ctx.dtype(0))];
    const perm = attrInts(ctx.node, 'perm') ?? x.map((_, k) => x.length - 1 - k);
    if (perm.length !== x.length || new Set(perm).size !== perm.length) throw new InferError(`perm [${perm.join(',')}] does not fit rank ${x.length}`);
    return [tensorType(ctx.dtype(0), perm.map((p) => x[normalizeAxis(p, x.length, 'perm entry')]!))];
  },
  Concat: (ctx) => [tensorType(ctx.dtype(0), concatShape(ctx))],
  Split: (ctx) => {
    const x = ctx.shape(0);
    const outputs = ctx.outputCount;
    if (!x) return Array.from({ length: outputs }, () => tensorType(ctx.dtype(0)));
    const axis = normalizeAxis(attrInt(ctx.node, 'axis', 0), x.length);
    return splitSizes(ctx, x[axis]!, outputs).map((d) => tensorType(ctx.dtype(0), x.map((e, k) => (k === axis ? d : e))));
  },
  Tile: (ctx) => {
    const x = ctx.shape(0);
    const repeats = ctx.opset < 6 ? tileOneRepeats(ctx, x) : ctx.ints(1);
    if (!x) return [tensorType(ctx.dtype(0))];
    if (!repeats) return [tensorType(ctx.dtype(0), x.map(() => ctx.fresh()))];
    if (repeats.length !== x.length) throw new InferError(`repeats has ${repeats.length} values for rank ${x.length}`);
    return [tensorType(ctx.dtype(0), x.map((d, k) => mulDims([d, repeats[k]!]) ?? ctx.fresh()))];
  },
  Expand: (ctx) => {
    const x = ctx.shape(0);
    const target = shapeFromInput(ctx, 1);
    if (!x || !target) return [tensorType(ctx.dtype(0))];
    return [tensorType(ctx.dtype(0), broadcastShapes([x, target], ctx.fresh))];
  },
  Pad: (ctx) => {
    const x = ctx.shape(0);
    if (!x) return [tensorType(ctx.dtype(0))];
    const pads = padAmounts(ctx, x.length);
    if (!pads) return [tensorType(ctx.dtype(0), x.map(() => ctx.fresh()))];
    if (pads.length !== 2 * x.length) throw new InferError(`pads has ${pads.length} values for rank ${x.length}`);
    return [tensorType(ctx.dtype(0), x.map((d, k) => addDims(d, pads[k]! + pads[k + x.length]!, ctx.fresh)))];
  },
  DepthToSpace: (ctx) => {
    const x = ctx.shape(0);
    const b = attrInt(ctx.node, 'blocksize', 1);
    if (!x) return [tensorType(ctx.dtype(0))];
    if (x.length !== 4) throw new InferError(`input ${formatShape(x)} is not 4-D`);
    const c = divDims(x[1]!, b * b) ?? ctx.fresh();
    return [tensorType(ctx.dtype(0), [x[0]!, c, mulDims([x[2]!, b]) ?? ctx.fresh(), mulDims([x[3]!, b]) ?? ctx.fresh()])];
  },
  SpaceToDepth: (ctx) => {
    const x = ctx.shape(0);
    const b = attrInt(ctx.node, 'blocksize', 1);
    if (!x) return [tensorType(ctx.dtype(0))];
    if (x.length !== 4) throw new InferError(`input ${formatShape(x)} is not 4-D`);
    const spatial = (d: Dim) => divDims(d, b) ?? ctx.fresh();
    return [tensorType(ctx.dtype(0), [x[0]!, mulDims([x[1]!, b * b]) ?? ctx.fresh(), spatial(x[2]!), spatial(x[3]!)])];
  },
  ReverseSequence: sameAs(0),
  Trilu: sameAs(0),
  CenterCropPad: (ctx) => {
    const x = ctx.shape(0);
    const target = shapeFromInput(ctx, 1);
    if (!x || !target) return [tensorType(ctx.dtype(0))];
    const axes = (attrInts(ctx.node, 'axes') ?? x.map((_, k) => k)).map((a) => normalizeAxis(a, x.length));
    if (axes.length !== target.length) throw new InferError(`shape has ${target.length} values for ${axes.length} axes`);
    const out = [...x];
    axes.forEach((a, j) => (out[a] = target[j]!));
    return [tensorType(ctx.dtype(0), out)];
  },
};
