// What a sink handler returns, and the small helpers handlers share: reading attributes and
// constant inputs the way each opset stores them, and re-indexing per-axis data through a perm.
import type { Attribute, Shape, Tensor } from '../../ir/types.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { WNode } from './work-graph.ts';

export interface SinkPlan {
  /** Inputs that must be given in the un-permuted layout. */
  readonly inputs: readonly number[];
  /** Those inputs broadcast against each other: a lower-rank one gains leading axes first. */
  readonly broadcast?: boolean;
  /** Per output: the perm to re-apply after it (null: its layout does not change). */
  readonly outputs: readonly (readonly number[] | null)[];
  readonly attributes?: readonly Attribute[];
  /** Constant inputs replaced by re-indexed ones (pads, scales, axes). */
  readonly constants?: ReadonlyMap<number, Tensor>;
}

export interface HandlerEnv {
  readonly opset: number;
  constant(v: string): Tensor | undefined;
  rank(v: string): number | undefined;
  shape(v: string): Shape | undefined;
}

/** A plan, or the reason the Transpose cannot move below this node. */
export type HandlerResult = SinkPlan | string;
export type SinkHandler = (n: WNode, perm: readonly number[], env: HandlerEnv) => HandlerResult;

export function attr(n: WNode, name: string): Attribute | undefined {
  return n.attributes.find((a) => a.name === name);
}
export function intAttr(n: WNode, name: string, fallback: number): number {
  const a = attr(n, name);
  return a?.type === 'int' ? a.value : fallback;
}
export function withAttr(list: readonly Attribute[], a: Attribute): Attribute[] {
  return [...list.filter((x) => x.name !== a.name), a];
}
export const normalize = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** The ints of an attribute (before `since`) or of a constant input (from `since`); undefined when absent. */
export function intsOf(n: WNode, env: HandlerEnv, name: string, input: number, since: number): readonly number[] | undefined | string {
  if (env.opset < since) {
    const a = attr(n, name);
    return a?.type === 'ints' ? a.value : undefined;
  }
  const v = n.inputs[input];
  if (!v) return undefined;
  const t = env.constant(v);
  return t ? Array.from(tensorToNumbers(t)) : `its ${name} input ${v} is not a constant`;
}

/** The perm of the output once `dropped` axes (of y) are removed: remaining axes renumbered. */
export function permWithout(perm: readonly number[], dropped: ReadonlySet<number>): number[] {
  const keptX = perm.filter((_, i) => !dropped.has(i)).slice().sort((a, b) => a - b);
  const rankInX = new Map(keptX.map((a, k) => [a, k]));
  return perm.filter((_, i) => !dropped.has(i)).map((a) => rankInX.get(a)!);
}

/** A per-axis vector of y (length `rank`·`copies`: pads, roi) re-indexed for x. */
export function perAxis(t: Tensor, perm: readonly number[], copies: number): Tensor | string {
  const v = tensorToNumbers(t);
  const r = perm.length;
  if (v.length === 0) return t;
  if (v.length !== r * copies) return `its ${t.name} has ${v.length} values, not ${r * copies}`;
  const out = new Array<number>(v.length);
  for (let c = 0; c < copies; c++) perm.forEach((a, i) => (out[c * r + a] = v[c * r + i]!));
  return tensorFromNumbers('', t.dtype, t.dims, out);
}
