// What the backend knows about one ONNX op: whether a node of it is legal, its output shape,
// and how it lowers (a kernel, or a view that reuses its input's buffer). Each op family's file
// in kernels/ exports a table of these; ops.ts gathers them.
import { InputError } from '../ir/errors.ts';
import type { Node, Tensor } from '../ir/types.ts';
import type { KernelSource } from './wgsl/shader.ts';

export interface OpInput {
  readonly dims: readonly number[];
  /** The value when it is known at compile time (an initializer or a Constant). */
  readonly constant?: Tensor;
}

export interface OpContext {
  readonly node: Node;
  /** The model's ai.onnx opset version. */
  readonly opset: number;
  /** One entry per node input; undefined where an optional input is omitted. */
  readonly inputs: readonly (OpInput | undefined)[];
}

export interface OpDef {
  readonly kind: 'kernel' | 'view';
  /** Inputs read on the CPU at compile time (shapes, axes): they must be constant int64 tensors. */
  readonly cpuInputs?: readonly number[];
  /** Why a node of this op cannot be lowered (attributes, inputs), or undefined when it can. */
  check?(node: Node, opset: number): string | undefined;
  /** Output dims; throws an InputError (shapeError) when the inputs do not fit the op. */
  outputShape(ctx: OpContext): number[];
  /** The kernel (for kind 'kernel'). */
  generate?(ctx: OpContext, outDims: readonly number[]): KernelSource;
}

export function shapeError(node: Node, message: string): InputError {
  return new InputError(`${node.opType} (${node.id}): ${message}`, node.id);
}

/** The dims of a required input (present by the time shapes are computed). */
export function inputDims(ctx: OpContext, i: number): readonly number[] {
  const input = ctx.inputs[i];
  if (!input) throw shapeError(ctx.node, `input ${i} is missing`);
  return input.dims;
}

export function formatDims(dims: readonly number[]): string {
  return `[${dims.join(',')}]`;
}
