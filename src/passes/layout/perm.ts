// Permutation arithmetic shared by the layout passes. A perm follows ONNX Transpose: output axis i
// is input axis perm[i], so Transpose(x, p).shape[i] = x.shape[p[i]].
import { evaluateNode } from '../../ir/eval/evaluate.ts';
import type { Dim, Tensor } from '../../ir/types.ts';

/** NCHW → NHWC, the Transpose placed before an NHWC op. */
export const TO_NHWC: readonly number[] = [0, 2, 3, 1];
/** NHWC → NCHW, the Transpose placed after an NHWC op. */
export const TO_NCHW: readonly number[] = [0, 3, 1, 2];

export function isPermutation(p: readonly number[], rank?: number): boolean {
  if (rank !== undefined && p.length !== rank) return false;
  const seen = new Set<number>();
  for (const a of p) {
    if (!Number.isInteger(a) || a < 0 || a >= p.length || seen.has(a)) return false;
    seen.add(a);
  }
  return true;
}

export function invertPerm(p: readonly number[]): number[] {
  const inv = new Array<number>(p.length);
  p.forEach((a, i) => (inv[a] = i));
  return inv;
}

/** The one perm equal to Transpose(·, first) followed by Transpose(·, second). */
export function composePerms(first: readonly number[], second: readonly number[]): number[] {
  return second.map((a) => first[a]!);
}

export function isIdentityPerm(p: readonly number[]): boolean {
  return p.every((a, i) => a === i);
}

export function samePerm(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function permuteDims<T extends Dim>(dims: readonly T[], p: readonly number[]): T[] {
  return p.map((a) => dims[a]!);
}

/**
 * Whether transposing a tensor of these dims by `p` moves only size-1 axes: the elements then stay
 * in the same order, so the Transpose is a Reshape (no data movement).
 */
export function movesOnlyUnitDims(dims: readonly Dim[], p: readonly number[]): boolean {
  // Unknown and symbolic dims count as larger than 1: they must keep their order too.
  const kept = p.filter((a) => dims[a] !== 1);
  for (let i = 1; i < kept.length; i++) if (kept[i]! < kept[i - 1]!) return false;
  return true;
}

/** Transposes a constant tensor (any dtype the evaluator moves), named `name`. */
export function permuteTensor(t: Tensor, p: readonly number[], name: string): Tensor {
  const node = { id: name, name, opType: 'Transpose', domain: '', inputs: ['x'], outputs: [name], attributes: [{ name: 'perm', type: 'ints' as const, value: [...p] }] };
  return evaluateNode(node, [t], 13)[0]!;
}

/** The tensor with leading size-1 axes added up to `rank` (a broadcast operand made full rank). */
export function unsqueezeLeading(t: Tensor, rank: number): Tensor {
  if (t.dims.length >= rank) return t;
  return { ...t, dims: [...new Array<number>(rank - t.dims.length).fill(1), ...t.dims] };
}

export function formatPerm(p: readonly number[]): string {
  return `[${p.join(',')}]`;
}
