// Model -> ONNX text syntax (onnx/docs/Syntax.md), laid out for people reading it in an editor: one
// node per line, subgraphs indented under their node, weights elided or inlined as asked. The
// parser reads everything printed here back to the same model, except what the syntax has no place
// for: doc strings other than the model's and functions', metadata other than the model's, graph
// quantization annotations, sparse initializers and sparse tensor attributes.
import type { Attribute, FunctionDef, Graph, MetadataEntry, Model, Node, OpsetImport, Tensor } from '../types.ts';
import { printName, printOpRef, quote } from './names.ts';
import { hasSubgraph, printAttribute, printTensorData, printTensorHead, type PrintContext, type WeightsMode } from './print-attribute.ts';
import { printValueInfo } from './print-type.ts';
import { listWeights } from './weights.ts';

export interface PrintOptions {
  /**
   * 'inline-small' (the default) inlines tensors of up to `inlineLimit` elements (16) and writes
   * larger ones as references (`= ...`) that parseModel resolves from its `weights` option;
   * 'elide' writes every initializer as a reference (attribute tensors as 'inline-small' does);
   * 'inline' writes every value.
   */
  readonly weights?: WeightsMode;
  readonly inlineLimit?: number;
}

const STEP = '  ';

function printOpsets(list: readonly OpsetImport[]): string {
  return `[${list.map((o) => `${quote(o.domain)} : ${o.version}`).join(', ')}]`;
}

function printMetadata(list: readonly MetadataEntry[]): string {
  return `[${list.map((e) => `${quote(e.key)}: ${quote(e.value)}`).join(', ')}]`;
}

/** `<` key: value, ... `>` with one entry per line. */
function printHeader(entries: readonly (readonly [string, string])[]): string[] {
  return ['<', ...entries.map(([k, v], i) => `${STEP}${k}: ${v}${i < entries.length - 1 ? ',' : ''}`), '>'];
}

function modelHeader(m: Model): string[] {
  const entries: [string, string][] = [['ir_version', String(m.irVersion)], ['opset_import', printOpsets(m.opsetImports)]];
  if (m.producerName) entries.push(['producer_name', quote(m.producerName)]);
  if (m.producerVersion) entries.push(['producer_version', quote(m.producerVersion)]);
  if (m.domain) entries.push(['domain', quote(m.domain)]);
  if (m.modelVersion) entries.push(['model_version', String(m.modelVersion)]);
  if (m.docString) entries.push(['doc_string', quote(m.docString)]);
  if (m.metadata.length) entries.push(['metadata_props', printMetadata(m.metadata)]);
  return printHeader(entries);
}

class Printer implements PrintContext {
  readonly weightKeys: ReadonlyMap<Tensor, string>;

  constructor(
    model: Model,
    readonly weights: WeightsMode,
    readonly inlineLimit: number,
  ) {
    this.weightKeys = new Map(listWeights(model).map((e) => [e.tensor, e.key]));
  }

  node(n: Node, indent: string): string {
    const label = n.name ? `[${printName(n.name)}] ` : '';
    const outputs = n.outputs.map(printName).join(', ');
    const op = printOpRef(n.domain, n.opType) + (n.overload ? `:${printName(n.overload)}` : '');
    const inputs = ` (${n.inputs.map(printName).join(', ')})`;
    const head = `${indent}${label}${outputs}${outputs ? ' ' : ''}= ${op}`;
    if (!n.attributes.length) return head + inputs;
    if (!hasSubgraph(n.attributes)) return `${head} <${this.attributes(n.attributes, indent)}>${inputs}`;
    // Subgraphs go after the inputs, one attribute per line, as onnx's printer orders them.
    const inner = indent + STEP;
    const attrs = n.attributes.map((a) => inner + printAttribute(a, this, inner)).join(',\n');
    return `${head}${inputs} <\n${attrs}\n${indent}>`;
  }

  attributes(list: readonly Attribute[], indent: string): string {
    return list.map((a) => printAttribute(a, this, indent)).join(', ');
  }

  /** The `<...>` list after a graph's outputs: initializers (`= value`) and value types. */
  declarations(g: Graph, indent: string): string[] {
    const inner = indent + STEP;
    const entries = [
      ...g.initializers.map((t) => inner + printTensorHead(t) + printTensorData(t, this, inner, true)),
      ...g.valueInfo.map((v) => inner + printValueInfo(v)),
    ];
    return entries.map((e, i) => (i < entries.length - 1 ? `${e},` : e));
  }

  body(nodes: readonly Node[], indent: string): string[] {
    const inner = indent + STEP;
    return [...nodes.map((n) => this.node(n, inner)), `${indent}}`];
  }

  graph(g: Graph, indent: string): string[] {
    const signature = `${printName(g.name)} (${g.inputs.map(printValueInfo).join(', ')}) => (${g.outputs.map(printValueInfo).join(', ')})`;
    const declarations = this.declarations(g, indent);
    if (!declarations.length) return [`${signature} {`, ...this.body(g.nodes, indent)];
    return [signature, `${indent}<`, ...declarations, `${indent}>`, `${indent}{`, ...this.body(g.nodes, indent)];
  }

  function(f: FunctionDef): string[] {
    const entries: [string, string][] = [['domain', quote(f.domain)]];
    if (f.overload) entries.push(['overload', quote(f.overload)]);
    entries.push(['opset_import', printOpsets(f.opsetImports)]);
    if (f.docString) entries.push(['doc_string', quote(f.docString)]);
    const params = [...f.attributes.map(printName), ...f.attributeDefaults.map((a) => printAttribute(a, this, ''))];
    const signature =
      printName(f.name) +
      (params.length ? ` <${params.join(', ')}>` : '') +
      ` (${f.inputs.map(printName).join(', ')}) => (${f.outputs.map(printName).join(', ')})`;
    const valueInfo = f.valueInfo.map((v) => STEP + printValueInfo(v)).map((e, i, all) => (i < all.length - 1 ? `${e},` : e));
    const body = this.body(f.nodes, '');
    const head = valueInfo.length ? [signature, '<', ...valueInfo, '>', '{'] : [`${signature} {`];
    return [...printHeader(entries), ...head, ...body];
  }
}

export function printModel(model: Model, options: PrintOptions = {}): string {
  const printer = new Printer(model, options.weights ?? 'inline-small', options.inlineLimit ?? 16);
  const lines = [...modelHeader(model), ...printer.graph(model.graph, '')];
  for (const f of model.functions) lines.push('', ...printer.function(f));
  return `${lines.join('\n')}\n`;
}
