// Dimension arithmetic with symbolic names. A symbolic dim that is a product of names and integers
// ('batch', '16*batch') stays symbolic through multiplication and exact division, so a Reshape of
// [batch, 16, 64] to [-1, 64] gives '16*batch'. Anything else that cannot be expressed (a sum with a
// symbol, two different symbols broadcast together) becomes a fresh name from the caller.
import type { Dim, Shape } from '../types.ts';
import { InferError } from './rule.ts';

export type FreshDim = () => string;

interface Product {
  readonly coef: number;
  readonly names: readonly string[];
}

const PLAIN = /^(?:[A-Za-z_][\w.]*|\d+)$/;

/** Splits at '*' outside parentheses: '2*(n+1)*b' -> ['2', '(n+1)', 'b']. */
function topLevelFactors(d: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < d.length; i++) {
    const c = d[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '*' && depth === 0) {
      parts.push(d.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(d.slice(start));
  return parts;
}

/** 'a*b*4' as factors; any other name ('N+1', '(N+1)') is one opaque factor. */
function toProduct(d: number | string): Product {
  if (typeof d === 'number') return { coef: d, names: [] };
  const parts = topLevelFactors(d);
  const isGroup = (p: string) => p.startsWith('(') && p.endsWith(')');
  if (parts.length > 1 && parts.every((p) => PLAIN.test(p) || isGroup(p))) {
    let coef = 1;
    const names: string[] = [];
    for (const p of parts) {
      if (/^\d+$/.test(p)) coef *= Number(p);
      else names.push(isGroup(p) ? p.slice(1, -1) : p);
    }
    return { coef, names };
  }
  return { coef: 1, names: [d] };
}

function fromProduct(p: Product): number | string {
  if (p.names.length === 0) return p.coef;
  if (p.names.length === 1 && p.coef === 1) return p.names[0]!;
  // An opaque factor is parenthesized so '2*(N+1)' cannot read as 2*N + 1.
  const names = [...p.names].sort().map((n) => (PLAIN.test(n) ? n : `(${n})`));
  return p.coef === 1 ? names.join('*') : `${p.coef}*${names.join('*')}`;
}

export function isStatic(d: Dim): d is number {
  return typeof d === 'number';
}

export function isStaticShape(s: Shape): s is readonly number[] {
  return s.every(isStatic);
}

/** Product of dims: symbolic when every factor is known or symbolic, null when one is unknown. */
export function mulDims(dims: readonly Dim[]): Dim {
  let coef = 1;
  const names: string[] = [];
  for (const d of dims) {
    if (d === null) return null;
    if (d === 0) return 0;
    const p = toProduct(d);
    coef *= p.coef;
    names.push(...p.names);
  }
  return fromProduct({ coef, names });
}

/** a / b when it divides exactly (cancelling names), else undefined. */
export function divDims(a: Dim, b: Dim): Dim | undefined {
  if (a === null || b === null) return undefined;
  if (b === 0) return undefined;
  if (a === 0) return 0;
  const pa = toProduct(a);
  const pb = toProduct(b);
  if (pa.coef % pb.coef !== 0) return undefined;
  const names = [...pa.names];
  for (const n of pb.names) {
    const k = names.indexOf(n);
    if (k < 0) return undefined;
    names.splice(k, 1);
  }
  return fromProduct({ coef: pa.coef / pb.coef, names });
}

/** a + b for numbers; a fresh name otherwise (a sum has no product form). */
export function addDims(a: Dim, b: Dim, fresh: FreshDim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a === 0) return b;
  if (b === 0) return a;
  return fresh();
}

/**
 * Numpy broadcasting of one dim pair. Equal dims stay; 1 yields to the other; a number other than 1
 * wins over a symbol (the symbol must equal it at run time); two different symbols give a fresh one.
 */
export function broadcastDim(a: Dim, b: Dim, fresh: FreshDim): Dim {
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  if (typeof a === 'number' && typeof b === 'number') throw new InferError(`cannot broadcast dims ${a} and ${b}`);
  if (typeof a === 'number') return a;
  if (typeof b === 'number') return b;
  if (a === null || b === null) return a ?? b;
  return fresh();
}

export function broadcastShapes(shapes: readonly Shape[], fresh: FreshDim): Shape {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let k = 0; k < rank; k++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const i = s.length - rank + k;
      if (i >= 0) {
        try {
          d = broadcastDim(d, s[i]!, fresh);
        } catch {
          throw new InferError(`cannot broadcast shapes ${shapes.map(formatShape).join(' and ')} (axis ${k})`);
        }
      }
    }
    out.push(d);
  }
  return out;
}

/** Normalizes a possibly negative axis; throws naming the rank when out of range. */
export function normalizeAxis(axis: number, rank: number, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new InferError(`${what} ${axis} is out of range for rank ${rank}`);
  return a;
}

export function formatShape(s: Shape): string {
  return `[${s.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
}

/** Two dims that must agree (MatMul inner dims, Concat's other axes); returns the better known one. */
export function unifyDims(a: Dim, b: Dim, what: () => string): Dim {
  if (a === b) return a;
  if (typeof a === 'number' && typeof b === 'number') throw new InferError(what());
  if (typeof a === 'number') return a;
  if (typeof b === 'number') return b;
  return a ?? b;
}
