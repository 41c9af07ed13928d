// Ops that only relabel a contiguous buffer's shape: Reshape, Flatten, Squeeze, Unsqueeze and
// Identity run no kernel; their output is a view of the input's buffer. Shape and axes inputs
// are constants read on the CPU at compile time.
import { attrInt, attrInts } from '../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../ir/tensor.ts';
import { formatDims, inputDims, shapeError, type OpContext, type OpDef } from '../op-def.ts';

/** A constant integer input as numbers, or undefined when the optional input is omitted. */
function constantInts(ctx: OpContext, i: number): number[] | undefined {
  const input = ctx.inputs[i];
  if (!input) return undefined;
  if (!input.constant) throw shapeError(ctx.node, `input ${i} must be a constant`);
  return [...tensorToNumbers(input.constant)];
}

function normalizeAxis(ctx: OpContext, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) throw shapeError(ctx.node, `axis ${axis} is out of range for rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

function reshapeShape(ctx: OpContext): number[] {
  const dims = inputDims(ctx, 0);
  const requested = constantInts(ctx, 1);
  if (!requested) throw shapeError(ctx.node, 'the shape input is missing');
  const allowZero = attrInt(ctx.node, 'allowzero', 0) === 1;
  const out = requested.map((d, i) => (d === 0 && !allowZero ? (dims[i] ?? NaN) : d));
  const inferred = out.filter((d) => d === -1).length;
  const known = out.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  const total = numElements(dims);
  if (inferred > 1 || out.some((d) => Number.isNaN(d) || d < -1)) throw shapeError(ctx.node, `invalid shape [${requested}] for input ${formatDims(dims)}`);
  if (inferred === 1) {
    if (known === 0 || total % known !== 0) throw shapeError(ctx.node, `cannot reshape ${formatDims(dims)} to [${requested}]`);
    out[out.indexOf(-1)] = total / known;
  }
  if (numElements(out) !== total) throw shapeError(ctx.node, `cannot reshape ${formatDims(dims)} to [${requested}]`);
  return out;
}

function flattenShape(ctx: OpContext): number[] {
  const dims = inputDims(ctx, 0);
  const raw = attrInt(ctx.node, 'axis', 1);
  const axis = raw === dims.length ? raw : normalizeAxis(ctx, raw, dims.length);
  return [numElements(dims.slice(0, axis)), numElements(dims.slice(axis))];
}

/** Axes from the attribute (opset < 13) or the constant input 1 (opset >= 13). */
function axesOf(ctx: OpContext): number[] | undefined {
  const attr = attrInts(ctx.node, 'axes');
  return attr ? [...attr] : constantInts(ctx, 1);
}

function squeezeShape(ctx: OpContext): number[] {
  const dims = inputDims(ctx, 0);
  const axes = axesOf(ctx);
  if (!axes) return dims.filter((d) => d !== 1);
  const drop = new Set(axes.map((a) => normalizeAxis(ctx, a, dims.length)));
  for (const a of drop) if (dims[a] !== 1) throw shapeError(ctx.node, `cannot squeeze axis ${a} of size ${dims[a]}`);
  return dims.filter((_, d) => !drop.has(d));
}

function unsqueezeShape(ctx: OpContext): number[] {
  const dims = inputDims(ctx, 0);
  const axes = axesOf(ctx);
  if (!axes) throw shapeError(ctx.node, 'axes are missing');
  const rank = dims.length + axes.length;
  const added = new Set(axes.map((a) => normalizeAxis(ctx, a, rank)));
  if (added.size !== axes.length) throw shapeError(ctx.node, `repeated axes [${axes}]`);
  const rest = [...dims];
  return Array.from({ length: rank }, (_, d) => (added.has(d) ? 1 : rest.shift()!));
}

const view = (outputShape: (ctx: OpContext) => number[], cpuInputs: number[] = []): OpDef => ({ kind: 'view', outputShape, cpuInputs });

export const VIEW_OPS: Record<string, OpDef> = {
  Reshape: view(reshapeShape, [1]),
  Flatten: view(flattenShape),
  Squeeze: view(squeezeShape, [1]),
  Unsqueeze: view(unsqueezeShape, [1]),
  Identity: view((ctx) => [...inputDims(ctx, 0)]),
};
