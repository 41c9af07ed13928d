// Numpy-style (multidirectional) broadcasting: shapes align at the right, a dim of 1 stretches.
import type { Node } from '../types.ts';
import { evalError, formatDims, stridesOf } from './values.ts';

export function broadcastShapes(node: Pick<Node, 'id' | 'opType'>, shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const k = rank - s.length + i;
      const d = s[i]!;
      if (d === out[k] || d === 1) continue;
      if (out[k] !== 1) throw evalError(node, `shapes ${shapes.map(formatDims).join(', ')} do not broadcast`);
      out[k] = d;
    }
  }
  return out;
}

/** For each element of `to` (row-major), the offset of the element of `from` it reads. */
export function broadcastIndex(from: readonly number[], to: readonly number[]): Int32Array {
  const total = to.reduce((a, b) => a * b, 1);
  const index = new Int32Array(total);
  const rank = to.length;
  const fromStrides = stridesOf(from);
  // Stride per output axis in the source; 0 where the source is broadcast (dim 1 or missing).
  const step = to.map((_, k) => {
    const j = k - (rank - from.length);
    return j < 0 || from[j] === 1 ? 0 : fromStrides[j]!;
  });
  const toStrides = stridesOf(to);
  if (from.length === rank && step.every((s, k) => s === toStrides[k] || to[k] === 1)) {
    for (let i = 0; i < total; i++) index[i] = i;
    return index;
  }
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < total; i++) {
    index[i] = offset;
    for (let k = rank - 1; k >= 0; k--) {
      offset += step[k]!;
      if (++counter[k]! < to[k]!) break;
      offset -= step[k]! * to[k]!;
      counter[k] = 0;
    }
  }
  return index;
}
