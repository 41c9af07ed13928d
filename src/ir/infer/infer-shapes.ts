// STUB (being replaced by the shape-inference work): returns only the declared types.
// The signature is fixed; other layers code against it.
import { indexGraph } from '../graph.ts';
import type { Model, Shape, ValueType } from '../types.ts';
import type { Diagnostic } from '../verify.ts';

export interface InferOptions {
  /** Overrides for graph input shapes (e.g. make a dynamic model static). */
  readonly inputShapes?: Readonly<Record<string, Shape>>;
}

export interface InferenceResult {
  /** Every value name (inputs, initializers, intermediates, outputs, subgraph values) -> type. */
  readonly types: ReadonlyMap<string, ValueType>;
  readonly diagnostics: readonly Diagnostic[];
}

export function inferShapes(model: Model, _options: InferOptions = {}): InferenceResult {
  return { types: new Map(indexGraph(model.graph).declaredType), diagnostics: [] };
}
