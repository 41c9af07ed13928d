// Nodes that need more than one kernel (com.microsoft.Attention: a QKV projection, then the
// attention proper; DynamicQuantizeLinear: a min/max pass, then the quantization). A generator
// returns a KernelSequence instead of one KernelSource; each step names what its bindings read and
// write: a node input, a node output (an earlier step may write it and a later one read it), or a
// scratch tensor the sequence declares. Scratch values are planned like any activation and freed
// after their last reader. Steps never run in place (their decl indices are positions, not node
// input/output indices).
import type { DType } from '../ir/dtype.ts';
import type { Node } from '../ir/types.ts';
import type { KernelSource } from './wgsl/shader.ts';

/** A value a step binds: node input i, node output j, or scratch tensor k of the sequence. */
export type ValueRef = { readonly input: number } | { readonly output: number } | { readonly scratch: number };

export interface ScratchTensor {
  readonly dims: readonly number[];
  readonly dtype: DType;
}

export interface SequenceStep {
  readonly source: KernelSource;
  /** What each of `source.inputs` reads, by position. */
  readonly reads: readonly ValueRef[];
  /** What each of `source.outputs` writes, by position (node outputs or scratch). */
  readonly writes: readonly ValueRef[];
}

export interface KernelSequence {
  readonly kind: 'sequence';
  readonly scratch: readonly ScratchTensor[];
  readonly steps: readonly SequenceStep[];
}

export function isKernelSequence(x: KernelSource | KernelSequence): x is KernelSequence {
  return (x as KernelSequence).kind === 'sequence';
}

export interface SequenceKernel {
  readonly id: string;
  readonly source: KernelSource;
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/**
 * The steps as kernels with value names (ids `<node>#<step>`); `root` resolves views, `declare`
 * registers each scratch value's shape and dtype under its name (`<node>#scratch<k>`).
 */
export function sequenceKernels(node: Node, seq: KernelSequence, root: (value: string) => string, declare: (name: string, t: ScratchTensor) => void): SequenceKernel[] {
  const scratch = seq.scratch.map((t, k) => {
    const name = `${node.id}#scratch${k}`;
    declare(name, t);
    return name;
  });
  const nameOf = (ref: ValueRef): string => {
    const name = 'input' in ref ? node.inputs[ref.input] && root(node.inputs[ref.input]!) : 'output' in ref ? node.outputs[ref.output] : scratch[ref.scratch];
    if (!name) throw new Error(`${node.opType} (${node.id}): a kernel step binds a missing value ${JSON.stringify(ref)}`);
    return name;
  };
  return seq.steps.map((step, s) => {
    if (step.reads.length !== step.source.inputs.length || step.writes.length !== step.source.outputs.length) {
      throw new Error(`${node.opType} (${node.id}): step ${s} names ${step.reads.length}/${step.writes.length} values for ${step.source.inputs.length}/${step.source.outputs.length} bindings`);
    }
    return { id: `${node.id}#${s}`, source: { ...step.source, inPlace: [] }, reads: step.reads.map(nameOf), writes: step.writes.map(nameOf) };
  });
}
