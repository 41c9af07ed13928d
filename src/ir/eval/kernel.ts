// What one op's CPU evaluator looks like, and the small helpers every op file shares.
import type { Node, Tensor } from '../types.ts';
import { evalError } from './values.ts';

export type Inputs = readonly (Tensor | undefined)[];

/** Computes a node's outputs (one tensor per output, named after it) from its input tensors. */
export type OpEvaluator = (node: Node, inputs: Inputs, opset: number) => Tensor[];

/** The input at `index`, which the op requires. */
export function required(node: Node, inputs: Inputs, index: number): Tensor {
  const t = inputs[index];
  if (!t) throw evalError(node, `input ${index} is missing`);
  return t;
}

/** The name of output `index` ('' when the node leaves that optional output out). */
export function outputName(node: Node, index = 0): string {
  return node.outputs[index] ?? '';
}
