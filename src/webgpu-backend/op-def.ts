// What the backend knows about one ONNX op: which dtypes it takes, whether a node of it is legal,
// and how it lowers (a kernel, or a view that reuses its input's buffer). Shapes and dtypes come
// from the IR's shape inference (src/ir/infer), so an op needs no shape function of its own. Each
// op family's file in kernels/ exports a table of these; ops.ts gathers them. See README.md.
import type { DType } from '../ir/dtype.ts';
import { InputError } from '../ir/errors.ts';
import type { Node, Tensor } from '../ir/types.ts';
import type { AdapterProfile } from './adapter-profile.ts';
import type { GpuDtype } from './gpu-dtype.ts';
import type { KernelSequence } from './kernel-sequence.ts';
import type { KernelSource } from './wgsl/shader.ts';

/** A tensor a kernel reads or writes, with everything known about it at compile time. */
export interface TensorInfo {
  /** The value's name in the graph. */
  readonly name: string;
  readonly dims: readonly number[];
  readonly dtype: DType;
  /** How it is stored on the GPU: WGSL type, packing (gpu-dtype.ts). */
  readonly gpu: GpuDtype;
  /** The value when it is known at compile time (an initializer, a Constant, a folded node). */
  readonly constant?: Tensor;
}

export interface OutputInfo extends TensorInfo {
  /** Read by a later node or a graph output. A kernel may skip writing an unused output (BatchNormalization's training outputs). */
  readonly used: boolean;
}

export interface OpContext {
  readonly node: Node;
  /** The model's ai.onnx opset version. */
  readonly opset: number;
  /** One entry per node input; undefined where an optional input is omitted. */
  readonly inputs: readonly (TensorInfo | undefined)[];
  /** One entry per node output; undefined where the node leaves an optional output out (''), or for an unused output without a static shape. */
  readonly outputs: readonly (OutputInfo | undefined)[];
  /** The adapter: kind (software or GPU), features, limits. Choose variants from it. */
  readonly profile: AdapterProfile;
}

/**
 * Dtypes an op accepts, in the style of ONNX type constraints: `inputs[i]` and `outputs[j]` name a
 * type variable of `types`; tensors naming the same variable must have the same dtype. The last
 * entry of `inputs` (and of `outputs`) also covers any further ones (variadic ops).
 */
export interface DtypeSignature {
  readonly types: Readonly<Record<string, readonly DType[]>>;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface OpDef {
  readonly kind: 'kernel' | 'view';
  /** Accepted dtypes; a view without one takes any dtype the GPU can hold. */
  readonly dtypes?: DtypeSignature;
  /** Inputs read on the CPU at compile time (shapes, axes, split sizes): they must be constants. */
  readonly cpuInputs?: readonly number[];
  /** Why a node of this op cannot be lowered (attributes, input count), or undefined when it can. */
  check?(node: Node, opset: number): string | undefined;
  /** The kernel (for kind 'kernel'), or several in order (kernel-sequence.ts). Throw shapeError/unsupportedError for what check() cannot see. */
  generate?(ctx: OpContext): KernelSource | KernelSequence;
}

export function shapeError(node: Node, message: string): InputError {
  return new InputError(`${node.opType} (${node.id}): ${message}`, node.id);
}

/** The required input `i` (present by the time kernels are generated). */
export function inputInfo(ctx: OpContext, i: number): TensorInfo {
  const input = ctx.inputs[i];
  if (!input) throw shapeError(ctx.node, `input ${i} is missing`);
  return input;
}

export function outputInfo(ctx: OpContext, j = 0): OutputInfo {
  const output = ctx.outputs[j];
  if (!output) throw shapeError(ctx.node, `output ${j} is missing`);
  return output;
}

/** The dims of a required input. */
export function inputDims(ctx: OpContext, i: number): readonly number[] {
  return inputInfo(ctx, i).dims;
}

export function formatDims(dims: readonly number[]): string {
  return `[${dims.join(',')}]`;
}

/** The one-variable signature of elementwise-style ops: every input and output has dtype T. */
export function sameDtype(types: readonly DType[], inputs = 1, outputs = 1): DtypeSignature {
  return { types: { T: types }, inputs: Array<string>(inputs).fill('T'), outputs: Array<string>(outputs).fill('T') };
}

/** The element type of a (non-packed) tensor as WGSL spells it, as a vec4 when `vec4`. */
export function wgslElem(info: Pick<TensorInfo, 'gpu'>, vec4 = false): string {
  if (info.gpu.packed) return 'u32';
  return vec4 ? `vec4<${info.gpu.scalar}>` : info.gpu.scalar;
}

export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float16'];
export const NUMERIC_DTYPES: readonly DType[] = ['float32', 'float16', 'int32', 'int64'];
/** Every dtype stored one element per word: kernels that only move elements take these (packed int8 needs whole-word writes). */
export const WORD_DTYPES: readonly DType[] = ['float32', 'float16', 'int32', 'int64', 'uint32', 'bool'];
