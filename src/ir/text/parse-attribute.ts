// Attributes: `name (':' type)? '=' value`. The value's form gives its type (`1` int, `1.0` float,
// `"s"` string, `float[2] {1, 2}` tensor, `g (x) => (y) {...}` graph, `float[N]` type, `[...]` a
// list of those, `@p` a reference to the enclosing function's attribute `p`); the written type,
// when present, must agree (an int value is taken as a float where a float is declared).
import type { Attribute, AttributeType, Graph, Tensor, ValueType } from '../types.ts';
import type { Cursor } from './cursor.ts';
import type { Token } from './lexer.ts';
import { isFloatWord } from './names.ts';
import { parseFloatText } from './numbers.ts';
import { parseTensorConstant, type Weights } from './parse-tensor.ts';
import { isTypeStart, parseType } from './parse-type.ts';

export interface AttributeContext {
  readonly weights: Weights;
  /** Parses a graph whose name has been read already. */
  readonly graph: (c: Cursor, name: string) => Graph;
}

const TYPES: readonly AttributeType[] = [
  'float', 'int', 'string', 'tensor', 'graph', 'type_proto', 'sparse_tensor',
  'floats', 'ints', 'strings', 'tensors', 'graphs', 'type_protos', 'sparse_tensors',
];

const LIST_OF: Partial<Record<AttributeType, AttributeType>> = {
  float: 'floats', int: 'ints', string: 'strings', tensor: 'tensors', graph: 'graphs', type_proto: 'type_protos',
};

type Single =
  | { type: 'float' | 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: Tensor }
  | { type: 'graph'; value: Graph }
  | { type: 'type_proto'; value: ValueType };

function singular(type: AttributeType | undefined): AttributeType | undefined {
  if (!type) return undefined;
  return (Object.keys(LIST_OF) as AttributeType[]).find((k) => LIST_OF[k] === type) ?? type;
}

function parseSingle(c: Cursor, ctx: AttributeContext, expected: AttributeType | undefined): Single {
  const t = c.token;
  if (t.kind === 'int') return { type: 'int', value: Number(c.advance().text) || 0 }; // `-0` is 0
  if (t.kind === 'float') return { type: 'float', value: Math.fround(parseFloatText(c.advance().text)) };
  if (t.kind === 'string') {
    c.advance();
    // A graph whose name is not an identifier reads as a string unless the type says graph.
    return expected === 'graph' ? { type: 'graph', value: ctx.graph(c, t.text) } : { type: 'string', value: t.text };
  }
  if (t.kind !== 'ident') return c.expected('an attribute value');
  if (isTypeStart(c)) {
    const type = parseType(c, 'in the attribute value');
    const next = c.token;
    const startsTensor = next.kind === 'ident' || next.kind === 'string' || ['{', '=', '...'].includes(next.kind === 'punct' ? next.text : '');
    if (startsTensor && expected !== 'type_proto') return { type: 'tensor', value: parseTensorConstant(c, ctx.weights, type, t) };
    return { type: 'type_proto', value: type };
  }
  if (isFloatWord(t.text)) return { type: 'float', value: parseFloatText(c.advance().text) };
  c.advance();
  // Any other word starts a graph, `name (inputs) => (outputs) {...}`.
  if (!c.isPunct('(')) c.fail(`expected an attribute value (a number, string, tensor, type or graph), found '${t.text}'`, t);
  return { type: 'graph', value: ctx.graph(c, t.text) };
}

function checkType(c: Cursor, name: string, value: Single, expected: AttributeType | undefined, at: Token): Single {
  if (!expected || expected === value.type) return value;
  if (expected === 'float' && value.type === 'int') return { type: 'float', value: Math.fround(value.value) };
  return c.fail(`attribute '${name}' is declared ${expected} but its value is ${value.type === 'int' ? 'an' : 'a'} ${value.type}`, at);
}

function parseList(c: Cursor, ctx: AttributeContext, name: string, declared: AttributeType | undefined, open: Token): Attribute {
  if (declared && !Object.values(LIST_OF).includes(declared)) return c.fail(`attribute '${name}' is declared ${declared} but its value is a list`, open);
  if (c.accept(']')) {
    if (!declared) return c.fail(`attribute '${name}' is an empty list: write its type, e.g. '${name}: ints = []'`, open);
    return { name, type: declared, value: [] } as Attribute;
  }
  const items: Single[] = [];
  const expected = singular(declared);
  do {
    const at = c.token;
    items.push(checkType(c, name, parseSingle(c, ctx, expected), expected, at));
  } while (c.accept(','));
  c.expect(']', `to close the list of attribute '${name}'`);
  // Ints among floats are floats (`[1, 2.5]`); any other mix is an error.
  let kind = items[0]!.type;
  if (kind === 'int' && items.some((i) => i.type === 'float')) kind = 'float';
  if (items.some((i) => i.type !== kind && !(kind === 'float' && i.type === 'int'))) {
    return c.fail(`attribute '${name}' mixes values of different types in one list`, open);
  }
  const listType = LIST_OF[kind]!;
  if (kind === 'float') return { name, type: 'floats', value: items.map((i) => Math.fround(i.value as number)) };
  return { name, type: listType, value: items.map((i) => i.value) } as Attribute;
}

/** What importModel gives an attribute that only refers to a function attribute. */
function referenceDefault(type: AttributeType): Attribute['value'] {
  switch (type) {
    case 'float':
    case 'int': return 0;
    case 'string': return '';
    case 'tensor': return { name: '', dtype: 'float32', dims: [], data: { kind: 'raw', bytes: new Uint8Array() } };
    case 'graph': return { name: '', nodes: [], inputs: [], outputs: [], valueInfo: [], initializers: [] };
    case 'type_proto': return undefined;
    case 'sparse_tensor': return new Uint8Array();
    case 'undefined': return null;
    default: return [];
  }
}

export function parseAttribute(c: Cursor, ctx: AttributeContext, name: string): Attribute {
  let declared: AttributeType | undefined;
  if (c.accept(':')) {
    const at = c.token;
    const word = c.identifier(`as the type of attribute '${name}'`);
    declared = TYPES.find((t) => t === word);
    if (!declared) c.fail(`unknown attribute type '${word}' (one of ${TYPES.join(', ')})`, at);
  }
  c.expect('=', `after attribute '${name}'`);
  const at = c.token;
  if (c.accept('@')) {
    const ref = c.name('after \'@\'');
    const type = declared ?? 'undefined';
    return { name, type, value: referenceDefault(type), refAttrName: ref } as Attribute;
  }
  if (declared === 'sparse_tensor' || declared === 'sparse_tensors') return c.fail(`attribute '${name}': sparse tensors have no text form`, at);
  if (c.accept('[')) return parseList(c, ctx, name, declared, at);
  const single = checkType(c, name, parseSingle(c, ctx, declared), declared, at);
  return { name, ...single } as Attribute;
}

/** `<name = value, ...>` */
export function parseAttributeList(c: Cursor, ctx: AttributeContext): Attribute[] {
  const list: Attribute[] = [];
  c.expect('<', 'to open the attribute list');
  do list.push(parseAttribute(c, ctx, c.name('as an attribute name')));
  while (c.accept(','));
  c.expect('>', 'to close the attribute list');
  return list;
}
