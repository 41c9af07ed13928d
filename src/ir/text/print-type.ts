// Value types as text: `float[N,?,3]` (known rank), `float[]` (unknown rank), `float` (a scalar),
// `seq(float[N])`, `map(int64, float)`, `optional(seq(float))`, `sparse_tensor(float[2,2])`,
// `opaque(domain, name)`.
import { dtypeTextName } from '../dtype.ts';
import type { Dim, Shape, ValueInfo, ValueType } from '../types.ts';
import { isIdentifier, printName, quote } from './names.ts';
import { decodeOpaque } from './opaque.ts';

function printDim(d: Dim): string {
  if (d === null) return '?';
  if (typeof d === 'number') return String(d);
  return printName(d);
}

function printShape(shape: Shape | undefined): string {
  if (!shape) return '[]';
  return shape.length ? `[${shape.map(printDim).join(',')}]` : '';
}

function printQualified(s: string): string {
  return s.split('.').every(isIdentifier) ? s : quote(s);
}

export function printType(t: ValueType | undefined): string {
  if (!t) return '';
  switch (t.kind) {
    case 'tensor':
      return dtypeTextName(t.dtype) + printShape(t.shape);
    case 'sparse_tensor':
      return `sparse_tensor(${dtypeTextName(t.dtype)}${printShape(t.shape)})`;
    case 'sequence':
      return `seq(${printType(t.elem)})`;
    case 'optional':
      return `optional(${printType(t.elem)})`;
    case 'map':
      return `map(${dtypeTextName(t.key)}, ${printType(t.value)})`;
    case 'opaque': {
      const { domain, name } = decodeOpaque(t.proto);
      if (domain) return `opaque(${printQualified(domain)}, ${printQualified(name)})`;
      return name ? `opaque(${printQualified(name)})` : 'opaque()';
    }
  }
}

/** `float[N,784] x`, or just the name when the type is unknown. */
export function printValueInfo(v: ValueInfo): string {
  return v.type ? `${printType(v.type)} ${printName(v.name)}` : printName(v.name);
}
