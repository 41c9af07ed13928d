// TypeProto <-> ValueType.
import { dtypeCode, dtypeFromCode } from '../dtype.ts';
import type { Dim, Shape, ValueType } from '../types.ts';
import { longToNumber } from './long.ts';
import type { PShape, PType } from './proto-types.ts';

/** protobufjs puts field defaults on the prototype: only own properties were in the file. */
function has(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function shapeFromProto(shape: PShape | null | undefined): Shape | undefined {
  if (!shape) return undefined;
  return (shape.dim ?? []).map((d): Dim => {
    if (has(d, 'dimValue') && d.dimValue != null) return longToNumber(d.dimValue);
    if (has(d, 'dimParam') && d.dimParam) return d.dimParam;
    return null;
  });
}

function shapeToProto(shape: Shape | undefined): PShape | undefined {
  if (!shape) return undefined;
  return {
    dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {})),
  };
}

export function typeFromProto(p: PType | null | undefined): ValueType | undefined {
  if (!p) return undefined;
  if (p.tensorType) {
    if (!p.tensorType.elemType) return undefined;
    const shape = shapeFromProto(p.tensorType.shape);
    return { kind: 'tensor', dtype: dtypeFromCode(p.tensorType.elemType), ...(shape ? { shape } : {}) };
  }
  if (p.sparseTensorType) {
    if (!p.sparseTensorType.elemType) return undefined;
    const shape = shapeFromProto(p.sparseTensorType.shape);
    return { kind: 'sparse_tensor', dtype: dtypeFromCode(p.sparseTensorType.elemType), ...(shape ? { shape } : {}) };
  }
  if (p.sequenceType) {
    const elem = typeFromProto(p.sequenceType.elemType);
    return { kind: 'sequence', ...(elem ? { elem } : {}) };
  }
  if (p.optionalType) {
    const elem = typeFromProto(p.optionalType.elemType);
    return { kind: 'optional', ...(elem ? { elem } : {}) };
  }
  if (p.mapType) {
    const value = typeFromProto(p.mapType.valueType);
    return { kind: 'map', key: dtypeFromCode(p.mapType.keyType ?? 0), ...(value ? { value } : {}) };
  }
  if (has(p, 'opaqueType') && p.opaqueType) return { kind: 'opaque', proto: p.opaqueType };
  return undefined;
}

export function typeToProto(t: ValueType | undefined): PType | undefined {
  if (!t) return undefined;
  switch (t.kind) {
    case 'tensor':
      return { tensorType: { elemType: dtypeCode(t.dtype), ...(t.shape ? { shape: shapeToProto(t.shape) } : {}) } };
    case 'sparse_tensor':
      return { sparseTensorType: { elemType: dtypeCode(t.dtype), ...(t.shape ? { shape: shapeToProto(t.shape) } : {}) } };
    case 'sequence':
      return { sequenceType: { elemType: typeToProto(t.elem) ?? null } };
    case 'optional':
      return { optionalType: { elemType: typeToProto(t.elem) ?? null } };
    case 'map':
      return { mapType: { keyType: dtypeCode(t.key), valueType: typeToProto(t.value) ?? null } };
    case 'opaque':
      return { opaqueType: t.proto };
  }
}
