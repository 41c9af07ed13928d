// Types and value declarations: `float[N,?,3]`, `seq(float[])`, `map(int64, float)`, `float x`.
import { dtypeFromTextName, type DType } from '../dtype.ts';
import type { Dim, Shape, ValueInfo, ValueType } from '../types.ts';
import type { Cursor } from './cursor.ts';
import { TYPE_KEYWORDS } from './names.ts';
import { encodeOpaque } from './opaque.ts';

const KEYWORDS = new Set<string>(TYPE_KEYWORDS);

/** Whether the next token starts a type (a primitive type name or seq/map/optional/...). */
export function isTypeStart(c: Cursor): boolean {
  const t = c.token;
  return t.kind === 'ident' && (KEYWORDS.has(t.text) || dtypeFromTextName(t.text) !== undefined);
}

function primitive(c: Cursor, context: string): DType {
  const t = c.token;
  const dtype = t.kind === 'ident' ? dtypeFromTextName(t.text) : undefined;
  if (!dtype) c.expected('an element type (float, int64, ...)', context);
  c.advance();
  return dtype;
}

function dim(c: Cursor): Dim {
  const t = c.token;
  if (c.accept('?')) return null;
  if (t.kind === 'int') return Number(c.advance().text);
  if (t.kind === 'ident' || t.kind === 'string') return c.advance().text;
  return c.expected("a dimension (a number, a name or '?')", 'in the shape');
}

/** After the element type: `[]` is unknown rank, no brackets a scalar, `[a,b]` known rank. */
function shape(c: Cursor): Shape | undefined {
  if (!c.accept('[')) return [];
  if (c.accept(']')) return undefined;
  const dims: Dim[] = [];
  do dims.push(dim(c));
  while (c.accept(','));
  c.expect(']', 'after the dimensions');
  return dims;
}

function qualified(c: Cursor, context: string): string {
  if (c.token.kind === 'string') return c.advance().text;
  let s = c.identifier(context);
  while (c.accept('.')) s += `.${c.identifier(context)}`;
  return s;
}

function opaque(c: Cursor): ValueType {
  if (c.accept(')')) return { kind: 'opaque', proto: encodeOpaque({ domain: '', name: '' }) };
  const first = qualified(c, 'in opaque(...)');
  const second = c.accept(',') ? qualified(c, 'in opaque(...)') : undefined;
  c.expect(')', 'to close opaque(...)');
  const o = second === undefined ? { domain: '', name: first } : { domain: first, name: second };
  return { kind: 'opaque', proto: encodeOpaque(o) };
}

/** `seq(...)`, `optional(...)`: the element type may be left out, `seq()`. */
function elementOf(c: Cursor, kind: 'sequence' | 'optional', word: string): ValueType {
  if (c.accept(')')) return { kind };
  const elem = parseType(c, `inside ${word}(...)`);
  c.expect(')', `to close ${word}(...)`);
  return { kind, elem };
}

export function parseType(c: Cursor, context = ''): ValueType {
  const t = c.token;
  if (t.kind !== 'ident') return c.expected('a type', context);
  const dtype = dtypeFromTextName(t.text);
  if (dtype) {
    c.advance();
    const s = shape(c);
    return { kind: 'tensor', dtype, ...(s ? { shape: s } : {}) };
  }
  if (!KEYWORDS.has(t.text)) return c.expected('a type', context);
  c.advance();
  c.expect('(', `after '${t.text}'`);
  switch (t.text) {
    case 'seq':
      return elementOf(c, 'sequence', 'seq');
    case 'optional':
      return elementOf(c, 'optional', 'optional');
    case 'map': {
      const key = primitive(c, 'as the map key type');
      c.expect(',', 'after the map key type');
      const value = c.isPunct(')') ? undefined : parseType(c, 'as the map value type');
      c.expect(')', 'to close map(...)');
      return { kind: 'map', key, ...(value ? { value } : {}) };
    }
    case 'sparse_tensor': {
      const elem = primitive(c, 'in sparse_tensor(...)');
      const s = shape(c);
      c.expect(')', 'to close sparse_tensor(...)');
      return { kind: 'sparse_tensor', dtype: elem, ...(s ? { shape: s } : {}) };
    }
    default:
      return opaque(c);
  }
}

/** `type name` or a bare `name` (a value whose type is not declared). */
export function parseValueInfo(c: Cursor, context = ''): ValueInfo {
  const type = isTypeStart(c) ? parseType(c, context) : undefined;
  const name = c.name(context);
  return { name, ...(type ? { type } : {}) };
}
