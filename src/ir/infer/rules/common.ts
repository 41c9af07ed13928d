// Rule builders shared by the op families: most ops are "same type as input 0", "numpy
// broadcasting", or "comparison to bool".
import type { DType } from '../../dtype.ts';
import { attrInt } from '../../attributes.ts';
import { dtypeFromCode } from '../../dtype.ts';
import type { Shape } from '../../types.ts';
import { broadcastShapes } from '../dims.ts';
import { InferError, tensorType, type InferContext, type InferRule } from '../rule.ts';

/** Output 0 has exactly the type of input i. */
export const sameAs =
  (i = 0): InferRule =>
  (ctx) => [ctx.type(i)];

/** Output 0 has input 0's shape and the given dtype. */
export const sameShapeAs =
  (dtype: DType): InferRule =>
  (ctx) => [tensorType(ctx.tensor(0) ? dtype : undefined, ctx.shape(0))];

/** The broadcast shape of the present inputs in `inputs` (all of them by default). */
export function broadcastInputs(ctx: InferContext, inputs?: readonly number[]): Shape | undefined {
  const idx = inputs ?? Array.from({ length: ctx.inputCount }, (_, k) => k);
  const shapes: Shape[] = [];
  for (const i of idx) {
    if (!ctx.has(i)) continue;
    const s = ctx.shape(i);
    if (!s) return undefined;
    shapes.push(s);
  }
  return broadcastShapes(shapes, ctx.fresh);
}

/** Numpy broadcasting over all inputs; dtype of input `dtypeFrom` unless given. */
export const broadcast =
  (options: { dtype?: DType; dtypeFrom?: number } = {}): InferRule =>
  (ctx) => {
    const dtype = options.dtype ?? firstDtype(ctx, options.dtypeFrom);
    return [tensorType(dtype, broadcastInputs(ctx))];
  };

function firstDtype(ctx: InferContext, from?: number): DType | undefined {
  if (from !== undefined) return ctx.dtype(from);
  for (let i = 0; i < ctx.inputCount; i++) if (ctx.dtype(i)) return ctx.dtype(i);
  return undefined;
}

/** The dtype named by an int attribute holding a TensorProto.DataType code. */
export function dtypeAttr(ctx: InferContext, name: string, fallback?: DType): DType | undefined {
  const code = attrInt(ctx.node, name);
  if (code === undefined || code === 0) return fallback;
  try {
    return dtypeFromCode(code);
  } catch {
    throw new InferError(`attribute '${name}' is ${code}, not an ONNX data type`);
  }
}

/** Static rank of input i, if known. */
export function rankOf(ctx: InferContext, i: number): number | undefined {
  return ctx.shape(i)?.length;
}

/** Shape with axis k replaced by `d` (`undefined` removes it). */
export function withDim(shape: Shape, k: number, d: Shape[number] | undefined): Shape {
  const out = [...shape];
  if (d === undefined) out.splice(k, 1);
  else out[k] = d;
  return out;
}
