// Which values of a graph are known before it runs: what constant folding starts from.
import { opsetVersion } from '../../ir/graph.ts';
import type { Graph, Model, Node, Tensor, ValueType } from '../../ir/types.ts';
import { inferShapes } from '../../ir/infer/infer-shapes.ts';
import { indexGraph } from '../../ir/graph.ts';

/**
 * Initializers that are constants. Since IR version 4 an initializer that is also a graph input
 * is only a default the caller may override, so it is not constant (onnxruntime agrees); before
 * IR 4 every initializer had to be listed as an input and all were constants.
 */
export function constantInitializers(g: Graph, irVersion: number, isMainGraph: boolean): Tensor[] {
  if (!isMainGraph || irVersion < 4) return [...g.initializers];
  const inputs = new Set(g.inputs.map((v) => v.name));
  return g.initializers.filter((t) => !inputs.has(t.name));
}

/** The dims when the value's shape is fully known, else undefined. */
export function staticDims(type: ValueType | undefined): number[] | undefined {
  if (!type || type.kind !== 'tensor' || !type.shape) return undefined;
  if (!type.shape.every((d): d is number => typeof d === 'number' && d >= 0)) return undefined;
  return [...type.shape];
}

/** Ops whose result is not a function of their inputs: never folded. */
export const RANDOM_OPS: ReadonlySet<string> = new Set(['RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli']);

export function isDefaultDomain(n: Pick<Node, 'domain'>): boolean {
  return n.domain === '' || n.domain === 'ai.onnx';
}

/**
 * Every value's type, from shape inference when it succeeds; otherwise the types the file
 * declares (a pass must not fail because inference did).
 */
export function valueTypes(model: Model, log?: (message: string) => void): ReadonlyMap<string, ValueType> {
  try {
    return inferShapes(model).types;
  } catch (e) {
    log?.(`shape inference failed (${e instanceof Error ? e.message : String(e)}); using declared types`);
    return indexGraph(model.graph).declaredType;
  }
}

export function defaultOpset(model: Model): number | undefined {
  return opsetVersion(model.opsetImports, '');
}
