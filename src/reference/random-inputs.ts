// Seeded random inputs for a model: the same seed gives the same tensors in Node and the browser.
import { InputError } from '../ir/errors.ts';
import { numElements, tensorFromNumbers } from '../ir/tensor.ts';
import { runtimeInputs } from '../ir/graph.ts';
import type { Graph, Shape, Tensor } from '../ir/types.ts';

/** mulberry32: tiny, fast, and good enough for test inputs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resolves symbolic or unknown dims: a named override, else 1. */
export function concreteShape(shape: Shape, dims: Readonly<Record<string, number>> = {}): number[] {
  return shape.map((d) => (typeof d === 'number' ? (d < 0 ? 1 : d) : d === null ? 1 : (dims[d] ?? 1)));
}

export interface RandomInputOptions {
  seed?: number;
  /** Values for symbolic dims by name (`batch` -> 2); others default to 1. */
  dims?: Readonly<Record<string, number>>;
  /** Per-input shapes (and optionally fixed values), e.g. from the bundled-model manifest. */
  inputs?: readonly { name: string; shape: readonly number[]; values?: readonly number[] }[];
}

/** One tensor per runtime input of the graph, in graph-input order. */
export function randomInputs(g: Graph, options: RandomInputOptions = {}): Tensor[] {
  const rand = seededRandom(options.seed ?? 0);
  return runtimeInputs(g).map((v) => {
    if (!v.type || v.type.kind !== 'tensor') throw new InputError(`input '${v.name}' is not a tensor with a known type; pass --inputs`);
    if (!v.type.shape) throw new InputError(`input '${v.name}' has no shape; pass --inputs`);
    const given = options.inputs?.find((i) => i.name === v.name);
    const dims = given ? [...given.shape] : concreteShape(v.type.shape, options.dims);
    const n = numElements(dims);
    const dtype = v.type.dtype;
    if (given?.values) return tensorFromNumbers(v.name, dtype, dims, given.values);
    const values = new Float64Array(n);
    if (dtype === 'bool') for (let i = 0; i < n; i++) values[i] = rand() < 0.5 ? 1 : 0;
    else if (/int/.test(dtype)) for (let i = 0; i < n; i++) values[i] = Math.floor(rand() * 10);
    else if (dtype === 'string') throw new InputError(`input '${v.name}' is a string tensor; pass --inputs`);
    else for (let i = 0; i < n; i++) values[i] = rand() * 2 - 1;
    return tensorFromNumbers(v.name, dtype, dims, values);
  });
}
