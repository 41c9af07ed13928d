// Shape and dtype inference for a whole model: every value (graph inputs, initializers,
// intermediates, outputs, values inside If/Loop/Scan bodies) gets a type where the rules allow.
// Symbolic dims flow through (`batch` stays `batch`); small shape computations are evaluated so
// Reshape/Expand/Slice targets resolve. Never throws on a valid model: problems are diagnostics.
import { InputError } from '../errors.ts';
import type { Model, Shape, Tensor, ValueType } from '../types.ts';
import type { Diagnostic } from '../verify.ts';
import { valueOfTensor } from './known-value.ts';
import { Scope } from './scope.ts';
import { InferSession } from './session.ts';

export interface InferOptions {
  /** Overrides for graph input shapes (e.g. make a dynamic model static). */
  readonly inputShapes?: Readonly<Record<string, Shape>>;
  /**
   * Values known for graph inputs (a fixed sample rate, a shape fed as an input). They make the
   * input's shape exact and let shape computations that read them resolve.
   */
  readonly inputValues?: Readonly<Record<string, Tensor>>;
}

export interface InferenceResult {
  /** Every value name (inputs, initializers, intermediates, outputs, subgraph values) -> type. */
  readonly types: ReadonlyMap<string, ValueType>;
  readonly diagnostics: readonly Diagnostic[];
}

function checkOptionNames(model: Model, options: InferOptions): void {
  const inputs = new Set(model.graph.inputs.map((v) => v.name));
  for (const [what, record] of [['inputShapes', options.inputShapes], ['inputValues', options.inputValues]] as const) {
    for (const name of Object.keys(record ?? {})) {
      if (!inputs.has(name)) throw new InputError(`${what} names '${name}', which is not a graph input (inputs: ${[...inputs].join(', ') || 'none'})`);
    }
  }
  for (const [name, shape] of Object.entries(options.inputShapes ?? {})) {
    if (!Array.isArray(shape) || shape.some((d) => !(d === null || typeof d === 'string' || (Number.isInteger(d) && d >= 0)))) {
      throw new InputError(`inputShapes['${name}'] must be a list of non-negative integers, names or null`);
    }
  }
}

function bindInput(scope: Scope, name: string, declared: ValueType | undefined, options: InferOptions): void {
  const shape = options.inputShapes?.[name];
  const value = options.inputValues?.[name];
  if (value) {
    scope.setType(name, { kind: 'tensor', dtype: value.dtype, shape: value.dims });
    scope.setValue(name, valueOfTensor(value));
    return;
  }
  if (shape && declared?.kind === 'tensor') scope.setType(name, { ...declared, shape: [...shape] });
  else if (shape) scope.setType(name, { kind: 'tensor', dtype: 'float32', shape: [...shape] });
  else scope.setType(name, declared);
}

export function inferShapes(model: Model, options: InferOptions = {}): InferenceResult {
  checkOptionNames(model, options);
  const session = new InferSession(model);
  const scope = new Scope();
  for (const v of model.graph.inputs) bindInput(scope, v.name, v.type, options);
  session.inferGraph(model.graph, scope, model.opsetImports, model.irVersion < 4);
  return { types: scope.types, diagnostics: session.diagnostics };
}
