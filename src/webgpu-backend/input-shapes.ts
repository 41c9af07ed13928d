// Concrete shapes for the graph inputs: given by the caller (symbolic dims resolved) or declared
// static in the model. Lowering needs every input static; legality checks take what is known.
import { InputError } from '../ir/errors.ts';
import { runtimeInputs } from '../ir/graph.ts';
import type { Model } from '../ir/types.ts';

export interface InputShape {
  readonly name: string;
  readonly dims: readonly number[];
}

/** Every runtime input with a concrete shape; throws an InputError naming the first that has none. */
export function resolveInputShapes(model: Model, given: Readonly<Record<string, readonly number[]>>): InputShape[] {
  const inputs = runtimeInputs(model.graph);
  for (const name of Object.keys(given)) {
    if (!inputs.some((v) => v.name === name)) throw new InputError(`inputShapes names '${name}', which is not an input of the graph`);
  }
  return inputs.map((v) => {
    const declared = v.type?.kind === 'tensor' ? v.type.shape : undefined;
    const dims = given[v.name];
    if (!dims) {
      if (declared && declared.every((d): d is number => typeof d === 'number' && d >= 0)) return { name: v.name, dims: [...declared] };
      throw new InputError(`input '${v.name}' has no concrete shape: give it in inputShapes`);
    }
    if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new InputError(`input '${v.name}': shape [${dims}] is not a list of sizes`);
    const clash = declared && (declared.length !== dims.length || declared.some((d, i) => typeof d === 'number' && d >= 0 && d !== dims[i]));
    if (clash) throw new InputError(`input '${v.name}': shape [${dims}] does not fit its declared shape [${declared.map((d) => d ?? '?')}]`);
    return { name: v.name, dims: [...dims] };
  });
}

/** The given shapes that name graph inputs, for checks that must not throw on incomplete options. */
export function knownInputShapes(model: Model, given: Readonly<Record<string, readonly number[]>>): Record<string, readonly number[]> {
  const names = new Set(runtimeInputs(model.graph).map((v) => v.name));
  return Object.fromEntries(Object.entries(given).filter(([name]) => names.has(name)));
}
