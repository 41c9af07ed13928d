// What an inference rule sees and returns. A rule is a plain function from a node's context (its
// input types, known input values, attributes, opset) to its output types; rules are kept as data
// in tables by op family (rules/*.ts) and one driver (infer-graph.ts) runs them in graph order.
import type { DType } from '../dtype.ts';
import type { Graph, Node, Shape, TensorType, ValueType } from '../types.ts';
import type { KnownValue } from './known-value.ts';

/** An inconsistency a rule found in a valid-looking graph (inner dims differ, axis out of range). */
export class InferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InferError';
  }
}

export type OutputTypes = readonly (ValueType | undefined)[];

export interface InferContext {
  readonly node: Node;
  /** The opset version imported for the node's domain. */
  readonly opset: number;
  /** Inputs up to the last present one (trailing omitted optionals do not count). */
  readonly inputCount: number;
  /** Outputs the node lists (omitted optional outputs included, as ''). */
  readonly outputCount: number;
  /** Whether input i is given (not omitted). */
  has(i: number): boolean;
  type(i: number): ValueType | undefined;
  tensor(i: number): TensorType | undefined;
  dtype(i: number): DType | undefined;
  shape(i: number): Shape | undefined;
  /** The value of input i when known (constants and shape computations). */
  value(i: number): KnownValue | undefined;
  /** The known value of any name in scope (If passes on its taken branch's values). */
  valueOf(name: string): KnownValue | undefined;
  /** The value of input i as plain integers, when every element is a known number. */
  ints(i: number): number[] | undefined;
  /** A new symbolic dim for a size that is fixed but not known here (data-dependent). */
  fresh(): string;
  warn(message: string): void;
  /**
   * Infers a subgraph (If branch, Loop or Scan body) with the given input types. A branch known
   * never to run is still inferred (the app shows its values) but reports no diagnostics.
   */
  inferSubgraph(g: Graph, inputTypes: readonly (ValueType | undefined)[], options?: SubgraphOptions): OutputTypes;
}

export interface SubgraphOptions {
  readonly inputValues?: readonly (KnownValue | undefined)[];
  readonly unreachable?: boolean;
  /** A branch that may or may not run (an If on an unknown condition): errors become warnings. */
  readonly conditional?: boolean;
}

export type InferRule = (ctx: InferContext) => OutputTypes;

/** Computes known output values (shape arithmetic) once output types are known. */
export type ValueRule = (ctx: InferContext, outputs: OutputTypes) => readonly (KnownValue | undefined)[] | undefined;

export type RuleTable = Readonly<Record<string, InferRule>>;
export type ValueRuleTable = Readonly<Record<string, ValueRule>>;

export function tensorType(dtype: DType | undefined, shape?: Shape): ValueType | undefined {
  if (dtype === undefined) return undefined;
  return shape ? { kind: 'tensor', dtype, shape } : { kind: 'tensor', dtype };
}
