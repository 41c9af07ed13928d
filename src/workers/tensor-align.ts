// Feeding one set of inputs to every step of a pipeline: a step may change an input's dtype
// (an fp16 pipeline that does not keep float32 I/O), so inputs are matched by name and cast.
import type { DType } from '../ir/dtype.ts';
import { InputError } from '../ir/errors.ts';
import { runtimeInputs } from '../ir/graph.ts';
import { tensorFromNumbers, tensorToNumbers } from '../ir/tensor.ts';
import type { Graph, Tensor } from '../ir/types.ts';

/** The tensor with its values converted to `dtype` (rounded as the dtype requires). */
export function castTensor(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  if (t.data.kind !== 'raw') throw new InputError(`cannot convert ${t.dtype} tensor '${t.name}' to ${dtype}`);
  return tensorFromNumbers(t.name, dtype, t.dims, tensorToNumbers(t));
}

/** One tensor per runtime input of `g`, in its order, taken from `inputs` by name and cast to the declared dtype. */
export function inputsFor(g: Graph, inputs: readonly Tensor[]): Tensor[] {
  return runtimeInputs(g).map((v) => {
    const t = inputs.find((x) => x.name === v.name);
    if (!t) throw new InputError(`no input tensor for '${v.name}' (have ${inputs.map((x) => x.name).join(', ') || 'none'})`);
    return v.type?.kind === 'tensor' ? castTensor(t, v.type.dtype) : t;
  });
}
