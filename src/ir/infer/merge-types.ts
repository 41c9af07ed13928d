// Combining two types of one value: what a rule inferred with what the file declares, and the
// types two If branches (or two Loop iterations) give an output.
import type { Dim, Shape, ValueType } from '../types.ts';
import { formatShape, type FreshDim } from './dims.ts';

/** Names the inference invented; a declared name or number is better information. */
export function isFreshName(d: Dim): boolean {
  return typeof d === 'string' && d.startsWith('unk_');
}

export interface Merged {
  readonly type: ValueType | undefined;
  /** Set when the declared type contradicts the inferred one (the inferred one is kept). */
  readonly conflict?: string;
}

/** The inferred type, with gaps (no shape, unknown or invented dims) filled from the declaration. */
export function mergeDeclared(inferred: ValueType | undefined, declared: ValueType | undefined): Merged {
  if (!declared) return { type: inferred };
  if (!inferred) return { type: declared };
  if (inferred.kind !== 'tensor' || declared.kind !== 'tensor') return { type: inferred };
  if (inferred.dtype !== declared.dtype) {
    return { type: inferred, conflict: `inferred dtype ${inferred.dtype} but the file declares ${declared.dtype}` };
  }
  if (!declared.shape) return { type: inferred };
  if (!inferred.shape) return { type: { ...inferred, shape: declared.shape } };
  if (inferred.shape.length !== declared.shape.length) {
    return { type: inferred, conflict: `inferred shape ${formatShape(inferred.shape)} but the file declares ${formatShape(declared.shape)}` };
  }
  let conflict: string | undefined;
  const shape = inferred.shape.map((d, k) => {
    const e = declared.shape![k]!;
    if (typeof d === 'number') {
      if (typeof e === 'number' && e !== d) conflict = `inferred shape ${formatShape(inferred.shape!)} but the file declares ${formatShape(declared.shape!)}`;
      return d;
    }
    if (e === null) return d;
    return d === null || isFreshName(d) ? e : d;
  });
  return conflict ? { type: inferred, conflict } : { type: { ...inferred, shape } };
}

function joinShapes(a: Shape, b: Shape, fresh: FreshDim): Shape | undefined {
  if (a.length !== b.length) return undefined;
  return a.map((d, k) => (d === b[k] ? d : fresh()));
}

/** A type that holds for both: same dtype, and dims kept only where they agree. */
export function joinTypes(a: ValueType | undefined, b: ValueType | undefined, fresh: FreshDim): ValueType | undefined {
  if (!a || !b) return a ?? b;
  if (a.kind !== 'tensor' || b.kind !== 'tensor') return a.kind === b.kind ? a : undefined;
  if (a.dtype !== b.dtype) return undefined;
  const shape = a.shape && b.shape ? joinShapes(a.shape, b.shape, fresh) : undefined;
  return shape ? { kind: 'tensor', dtype: a.dtype, shape } : { kind: 'tensor', dtype: a.dtype };
}
