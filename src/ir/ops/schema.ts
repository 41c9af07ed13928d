// What Kiln knows about an operator independent of any graph: arity, category, and (in
// infer/) how its output types follow from its inputs. Schemas are data; see schemas.ts.

/** Categories drive node colors in the app and grouping in reports. */
export type OpCategory =
  | 'conv'
  | 'matmul'
  | 'elementwise'
  | 'activation'
  | 'normalization'
  | 'pool'
  | 'reduce'
  | 'shape'
  | 'movement'
  | 'control'
  | 'quantization'
  | 'constant'
  | 'recurrent'
  | 'logic'
  | 'random'
  | 'fused'
  | 'other';

export interface OpSchema {
  readonly opType: string;
  /** '' for the default ONNX domain. */
  readonly domain: string;
  readonly category: OpCategory;
  /** Allowed input count (optional trailing inputs included in max; Infinity for variadic). */
  readonly inputs: readonly [min: number, max: number];
  readonly outputs: readonly [min: number, max: number];
  /** One line for tooltips and the inspector. */
  readonly summary?: string;
}
