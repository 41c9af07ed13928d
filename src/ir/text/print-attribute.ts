// Attributes and tensor constants as text. An attribute is written `name = value`; the type is
// written out (`name: ints = []`) only where the value alone would read back as another type.
import { numElements } from '../tensor.ts';
import type { Attribute, Graph, Tensor } from '../types.ts';
import { printName, quote } from './names.ts';
import { asFloatLiteral, formatFloat32 } from './numbers.ts';
import { printType } from './print-type.ts';
import { formatTensorValues } from './tensor-values.ts';

export type WeightsMode = 'elide' | 'inline-small' | 'inline';

export interface PrintContext {
  readonly weights: WeightsMode;
  readonly inlineLimit: number;
  /** The key each elidable tensor is resolved by (see weights.ts). */
  readonly weightKeys: ReadonlyMap<Tensor, string>;
  /** A graph's lines: the first one unindented (it follows `name = `), the rest at `indent`. */
  graph(g: Graph, indent: string): string[];
}

const VALUES_PER_LINE = 10;

/**
 * 'elide' drops the values of every initializer but keeps small attribute tensors (a Constant
 * holding a Reshape's target shape is part of the graph's logic, not a weight).
 */
function shouldInline(t: Tensor, ctx: PrintContext, initializer: boolean): boolean {
  if (ctx.weights === 'inline') return true;
  if (ctx.weights === 'elide' && initializer) return false;
  return numElements(t.dims) <= ctx.inlineLimit;
}

/**
 * What follows a tensor's type and name: ` = {1, 2}`, ` = ...`, ` = ... "key"` or
 * ` = ["location": "w.bin"]`. Attribute tensors (initializer false) drop the `=` before inline
 * and elided data.
 */
export function printTensorData(t: Tensor, ctx: PrintContext, indent: string, initializer: boolean): string {
  if (t.data.kind === 'external') return ` = [${t.data.entries.map((e) => `${quote(e.key)}: ${quote(e.value)}`).join(', ')}]`;
  const eq = initializer ? ' =' : '';
  if (!shouldInline(t, ctx, initializer)) {
    const key = ctx.weightKeys.get(t) ?? t.name;
    return key === t.name ? `${eq} ...` : `${eq} ... ${quote(key)}`;
  }
  const values = formatTensorValues(t);
  if (values.length <= 16) return `${eq} {${values.join(', ')}}`;
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += VALUES_PER_LINE) lines.push(`${indent}  ${values.slice(i, i + VALUES_PER_LINE).join(', ')}`);
  return `${eq} {\n${lines.join(',\n')}\n${indent}}`;
}

/** `float[2,3] name` as a tensor constant declares it (a rank-0 tensor is just `float`). */
export function printTensorHead(t: Tensor): string {
  const type = printType({ kind: 'tensor', dtype: t.dtype, shape: t.dims });
  return t.name ? `${type} ${printName(t.name)}` : type;
}

function printTensorConstant(t: Tensor, ctx: PrintContext, indent: string): string {
  return printTensorHead(t) + printTensorData(t, ctx, indent, false);
}

function printFloat(x: number): string {
  return asFloatLiteral(formatFloat32(x));
}

function valueText(a: Attribute, ctx: PrintContext, indent: string): string {
  switch (a.type) {
    case 'float': return printFloat(a.value);
    case 'int': return String(a.value);
    case 'string': return quote(a.value);
    case 'tensor': return printTensorConstant(a.value, ctx, indent);
    case 'graph': return ctx.graph(a.value, indent).join('\n');
    case 'type_proto': return printType(a.value);
    case 'floats': return `[${a.value.map(printFloat).join(', ')}]`;
    case 'ints': return `[${a.value.join(', ')}]`;
    case 'strings': return `[${a.value.map(quote).join(', ')}]`;
    case 'tensors': return `[${a.value.map((t) => printTensorConstant(t, ctx, indent)).join(', ')}]`;
    case 'graphs': return `[${a.value.map((g) => ctx.graph(g, indent).join('\n')).join(', ')}]`;
    case 'type_protos': return `[${a.value.map(printType).join(', ')}]`;
    // Sparse tensors have no text form; the parser rejects this with a clear message.
    case 'sparse_tensor':
    case 'sparse_tensors':
    case 'undefined': return '...';
  }
}

/** Whether `valueText` alone reads back as the attribute's type. */
function selfTyped(a: Attribute, text: string): boolean {
  switch (a.type) {
    case 'graph': return !text.startsWith('"');
    case 'graphs': return a.value.length > 0 && a.value.every((g) => !printName(g.name).startsWith('"'));
    case 'floats':
    case 'ints':
    case 'strings':
    case 'tensors':
    case 'type_protos': return a.value.length > 0;
    case 'sparse_tensor':
    case 'sparse_tensors': return false;
    default: return true;
  }
}

export function printAttribute(a: Attribute, ctx: PrintContext, indent: string): string {
  const name = printName(a.name);
  if (a.refAttrName) {
    const ref = `@${printName(a.refAttrName)}`;
    return a.type === 'undefined' ? `${name} = ${ref}` : `${name}: ${a.type} = ${ref}`;
  }
  const text = valueText(a, ctx, indent);
  return selfTyped(a, text) ? `${name} = ${text}` : `${name}: ${a.type} = ${text}`;
}

export function hasSubgraph(attributes: readonly Attribute[]): boolean {
  return attributes.some((a) => !a.refAttrName && (a.type === 'graph' || a.type === 'graphs'));
}
