// Tensor constants: `float[2,2] w = {1, 2, 3, 4}`, an elided weight `float[784,128] w = ...`
// (optionally `... "key"`) resolved from the caller's weights, or external data
// `float[2] w = ["location": "w.bin", "offset": "0"]`.
import { dtypeTextName } from '../dtype.ts';
import type { MetadataEntry, Tensor, TensorData, ValueType } from '../types.ts';
import type { Cursor } from './cursor.ts';
import { describeToken, type Token } from './lexer.ts';
import { isFloatWord } from './names.ts';
import { parseType } from './parse-type.ts';
import { literalCount, makeValueEncoder, type LiteralKind } from './tensor-values.ts';

export type Weights = ReadonlyMap<string, Tensor> | undefined;

const MAX_INLINE_VALUES = 100_000_000;

function showName(name: string): string {
  return name ? `tensor '${name}'` : 'the tensor';
}

function tensorDims(c: Cursor, type: ValueType, name: string, at: Token): number[] {
  if (type.kind !== 'tensor') return c.fail(`${showName(name)} needs a tensor type, not ${type.kind}`, at);
  if (!type.shape) return c.fail(`${showName(name)} needs a shape ('${dtypeTextName(type.dtype)}[]' leaves the rank unknown)`, at);
  return type.shape.map((d) => {
    if (typeof d !== 'number' || d < 0) return c.fail(`${showName(name)} needs numeric dimensions, found '${d ?? '?'}'`, at);
    return d;
  });
}

function literalKind(t: Token): LiteralKind | undefined {
  if (t.kind === 'int' || t.kind === 'float' || t.kind === 'string') return t.kind;
  if (t.kind === 'ident' && isFloatWord(t.text)) return 'float';
  return undefined;
}

function values(c: Cursor, type: ValueType & { kind: 'tensor' }, dims: number[], name: string, open: Token): TensorData {
  const count = literalCount(type.dtype, dims);
  // Checked before allocating: `float[100000,100000] w = {1}` must be an error, not an out-of-memory.
  if (count > MAX_INLINE_VALUES) c.fail(`${showName(name)} holds ${count} values, more than text can carry inline (${MAX_INLINE_VALUES})`, open);
  const encoder = makeValueEncoder(type.dtype, count);
  let n = 0;
  if (!c.accept('}')) {
    do {
      const t = c.token;
      const kind = literalKind(t);
      if (!kind) c.expected('a value', `in ${showName(name)}`);
      const problem = encoder.push(kind, t.text);
      if (problem) c.fail(`${showName(name)}: ${problem}, found ${describeToken(t)}`);
      c.advance();
      n++;
    } while (c.accept(','));
    c.expect('}', `to close the values of ${showName(name)}`);
  }
  if (n !== count) c.fail(`${showName(name)} has ${n} values but its shape [${dims.join(',')}] holds ${count}`, open);
  return encoder.finish();
}

function externalEntries(c: Cursor): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  if (c.accept(']')) return entries;
  do {
    const key = c.string('as an external data key');
    c.expect(':', 'after the external data key');
    entries.push({ key, value: c.string('as an external data value') });
  } while (c.accept(','));
  c.expect(']', 'to close the external data list');
  return entries;
}

function resolveElided(c: Cursor, at: Token, name: string, dtype: Tensor['dtype'], dims: number[], weights: Weights): Tensor {
  const key = c.token.kind === 'string' ? c.advance().text : name;
  const found = weights?.get(key);
  if (!found) {
    const where = weights ? `the weights passed to the parser have no tensor '${key}'` : 'no weights were passed to the parser';
    return c.fail(`${showName(name)} is elided ('...') but ${where}`, at);
  }
  const sameShape = found.dims.length === dims.length && found.dims.every((d, i) => d === dims[i]);
  if (found.dtype !== dtype || !sameShape) {
    const want = `${dtypeTextName(dtype)}[${dims.join(',')}]`;
    return c.fail(`${showName(name)} is declared ${want} but weight '${key}' is ${dtypeTextName(found.dtype)}[${found.dims.join(',')}]`, at);
  }
  // Reuse the caller's tensor as is: weights stay views into the loaded model, never copies.
  return found.name === name ? found : { name, dtype, dims, data: found.data };
}

/** The data after a tensor's type and name (and '=', already read when present). */
export function parseTensorData(c: Cursor, type: ValueType, name: string, at: Token, weights: Weights): Tensor {
  const dims = tensorDims(c, type, name, at);
  const tensorType = type as ValueType & { kind: 'tensor' };
  if (c.accept('...')) return resolveElided(c, at, name, tensorType.dtype, dims, weights);
  const open = c.token;
  if (c.accept('{')) return { name, dtype: tensorType.dtype, dims, data: values(c, tensorType, dims, name, open) };
  if (c.accept('[')) return { name, dtype: tensorType.dtype, dims, data: { kind: 'external', entries: externalEntries(c) } };
  return c.expected("tensor values '{...}', an elided weight '...' or external data '[...]'", `for ${showName(name)}`);
}

/** A tensor constant: `type name? '='? data`, where the type has been read already or is next. */
export function parseTensorConstant(c: Cursor, weights: Weights, type?: ValueType, at: Token = c.token): Tensor {
  const tensorType = type ?? parseType(c, 'for the tensor');
  const name = c.token.kind === 'ident' || c.token.kind === 'string' ? c.advance().text : '';
  c.accept('=');
  return parseTensorData(c, tensorType, name, at, weights);
}
