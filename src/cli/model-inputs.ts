// The inputs `kiln run` feeds a model: from input_K.pb files, or seeded random tensors.
import { InputError } from '../ir/errors.ts';
import { runtimeInputs } from '../ir/graph.ts';
import type { Model, Tensor } from '../ir/types.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { readTensorFiles } from './tensor-files.ts';

export interface InputSource {
  dir?: string;
  seed: number;
  dims: Record<string, number>;
  shapes: Record<string, number[]>;
}

/** Inputs in graph runtime-input order, named after the graph inputs. */
export function modelInputs(model: Model, source: InputSource): Tensor[] {
  const declared = runtimeInputs(model.graph);
  if (!source.dir) {
    const given = Object.entries(source.shapes).map(([name, shape]) => ({ name, shape }));
    for (const g of given) if (!declared.some((v) => v.name === g.name)) throw new InputError(`--shape names '${g.name}', which is not a model input (inputs: ${declared.map((v) => v.name).join(', ')})`);
    return randomInputs(model.graph, { seed: source.seed, dims: source.dims, inputs: given });
  }
  const tensors = readTensorFiles(source.dir, 'input');
  if (tensors.length !== declared.length) {
    throw new InputError(`${source.dir} holds ${tensors.length} input_K.pb files; the model has ${declared.length} inputs (${declared.map((v) => v.name).join(', ')})`);
  }
  return tensors.map((t, i) => {
    const v = declared[i]!;
    const type = v.type;
    if (type?.kind === 'tensor') {
      if (type.dtype !== t.dtype) throw new InputError(`input_${i}.pb is ${t.dtype}; input '${v.name}' is ${type.dtype}`);
      if (type.shape && type.shape.length !== t.dims.length) throw new InputError(`input_${i}.pb has rank ${t.dims.length}; input '${v.name}' has rank ${type.shape.length}`);
      type.shape?.forEach((d, k) => {
        if (typeof d === 'number' && d !== t.dims[k]) throw new InputError(`input_${i}.pb has shape [${t.dims}]; input '${v.name}' needs dim ${k} = ${d}`);
      });
    }
    return { ...t, name: v.name };
  });
}
