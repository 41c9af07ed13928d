// Graph inputs with values fixed at compile time (CompileOptions.inputValues): axes, shapes or a
// sample rate fed as inputs. They fold like constants (analyze.ts); the compiled model then only
// accepts runs passing the same values, checked before anything is uploaded.
import { InputError } from '../ir/errors.ts';
import { runtimeInputs } from '../ir/graph.ts';
import type { Model, Tensor } from '../ir/types.ts';

/** The given values, checked: each names a graph input, holds loaded numbers, and fits its given shape. */
export function fixedInputValues(model: Model, inputShapes: Readonly<Record<string, readonly number[]>>, given: Readonly<Record<string, Tensor>> = {}): Map<string, Tensor> {
  const names = new Set(runtimeInputs(model.graph).map((v) => v.name));
  const fixed = new Map<string, Tensor>();
  for (const [name, t] of Object.entries(given)) {
    if (!names.has(name)) throw new InputError(`inputValues names '${name}', which is not an input of the graph`);
    if (t.data.kind !== 'raw') throw new InputError(`inputValues['${name}'] holds ${t.data.kind} data, not numbers`);
    const shape = inputShapes[name];
    if (shape && (shape.length !== t.dims.length || shape.some((d, i) => d !== t.dims[i]))) {
      throw new InputError(`inputValues['${name}'] has shape [${t.dims}] where inputShapes gives [${shape}]`);
    }
    fixed.set(name, { ...t, name });
  }
  return fixed;
}

/** Throws when a run passes another value for an input fixed at compile time. */
export function checkFixedInput(fixed: Tensor, given: Tensor): void {
  const [a, b] = [fixed.data, given.data];
  const same = a.kind === 'raw' && b.kind === 'raw' && given.dtype === fixed.dtype && a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
  if (!same) throw new InputError(`input '${fixed.name}' was fixed at compile time (inputValues); this run passes a different value`);
}
