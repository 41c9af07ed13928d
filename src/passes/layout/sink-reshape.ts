// Moving a Transpose below a Reshape. With y = Transpose(x, P), Reshape(y) splits some axes of y
// and merges runs of others. Each split can happen to the matching axis of x instead; a merge can
// too when its axes sit side by side, in the same order, in x (size-1 axes go anywhere: they do not
// move elements). Then Reshape(y) = Transpose(Reshape(x, x'), P') for a perm P' read off the groups.
// A channel shuffle in NHWC keeps two Transposes instead of three this way.
//
//   y [1,116,28,28] = Transpose<[0,3,1,2]>(x [1,28,28,116]);  z = Reshape(y, [1,2,58,28,28])
//   → z = Transpose<[0,3,4,1,2]>(Reshape(x, [1,28,28,2,58]))
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Dim } from '../../ir/types.ts';
import type { SinkHandler } from './sink-plan.ts';

/** Axes of the input and output that hold the same elements: a split (1 → k), a merge (k → 1), or size-1 bookkeeping. */
interface Group {
  readonly from: number[];
  readonly to: number[];
}

function staticShape(s: readonly Dim[] | undefined): number[] | undefined {
  return s && s.every((d): d is number => typeof d === 'number' && d > 0) ? [...s] : undefined;
}

/** Pairs runs of `from` axes with runs of `to` axes of equal size; undefined when they do not line up. */
export function reshapeGroups(from: readonly number[], to: readonly number[]): Group[] | undefined {
  const groups: Group[] = [];
  let i = 0;
  let j = 0;
  while (i < from.length || j < to.length) {
    const g: Group = { from: [], to: [] };
    let a = 1;
    let b = 1;
    if (i < from.length) (a = from[i]!), g.from.push(i++);
    if (j < to.length) (b = to[j]!), g.to.push(j++);
    while (a !== b) {
      if (a < b && i < from.length) (a *= from[i]!), g.from.push(i++);
      else if (b < a && j < to.length) (b *= to[j]!), g.to.push(j++);
      else return undefined;
    }
    groups.push(g);
  }
  return groups;
}

export const sinkThroughReshape: SinkHandler = (n, perm, env) => {
  const ys = staticShape(env.shape(n.inputs[0]!));
  const zs = staticShape(env.shape(n.outputs[0]!));
  if (!ys || !zs) return 'its input or output shape is not static';
  const groups = reshapeGroups(ys, zs);
  if (!groups) return `its shapes ${ys.join('×')} → ${zs.join('×')} do not factor into splits and merges`;
  // Where each group lands among x's axes: its first non-unit axis, else any of its axes, else after the previous group.
  const anchors: number[] = [];
  for (const [k, g] of groups.entries()) {
    if (g.from.length > 1 && g.to.length > 1) return `it regroups axes ${g.from.join(',')} into ${g.to.join(',')}, neither a split nor a merge`;
    const big = g.from.filter((a) => ys[a] !== 1).map((a) => perm[a]!);
    if (big.length > 1) {
      // A merge: its axes must stay in order, with no other non-unit axis of x between them.
      const between = perm.filter((xa, a) => xa > big[0]! && xa < big[big.length - 1]! && ys[a] !== 1 && !g.from.includes(a)).length;
      if (big.some((xa, t) => t > 0 && xa < big[t - 1]!) || between) return `the axes ${g.from.join(',')} it merges are not side by side, in order, before the Transpose`;
    }
    anchors.push(big.length ? big[0]! : g.from.length ? perm[g.from[0]!]! : (anchors[k - 1] ?? -1) + 0.5);
  }
  const order = groups.map((_, k) => k).sort((p, q) => anchors[p]! - anchors[q]! || p - q);
  const dims: number[] = [];
  const out = new Array<number>(zs.length);
  for (const k of order) for (const b of groups[k]!.to) (out[b] = dims.length), dims.push(zs[b]!);
  return { inputs: [0], outputs: [out], constants: new Map([[1, tensorFromNumbers('', 'int64', [dims.length], dims)]]) };
};
