// ONNX text syntax -> Model: `<header> graph function*` (onnx/docs/Syntax.md), the inverse of
// print.ts. Every problem with the text is an InputError that starts with `line L:C:`.
import { InputError, isInputError } from '../errors.ts';
import type { Attribute, FunctionDef, MetadataEntry, Model, OpsetImport, Tensor, ValueInfo } from '../types.ts';
import { Cursor } from './cursor.ts';
import { assignNodeIds } from '../node-ids.ts';
import { parseAttribute } from './parse-attribute.ts';
import { GraphParser } from './parse-graph.ts';
import { parseValueInfo } from './parse-type.ts';

export interface ParseOptions {
  /** Values for the weights the text elided (`= ...`), by name or by the key written after `...`. */
  readonly weights?: ReadonlyMap<string, Tensor>;
}

function parseOpsets(c: Cursor): OpsetImport[] {
  const list: OpsetImport[] = [];
  c.expect('[', 'to open the opset_import list');
  if (c.accept(']')) return list;
  do {
    const domain = c.string('as an opset domain (e.g. "" : 17)');
    c.expect(':', 'after the opset domain');
    list.push({ domain: domain === 'ai.onnx' ? '' : domain, version: c.integer('as the opset version') });
  } while (c.accept(','));
  c.expect(']', 'to close the opset_import list');
  return list;
}

function parseMetadata(c: Cursor): MetadataEntry[] {
  const list: MetadataEntry[] = [];
  c.expect('[', 'to open the metadata_props list');
  if (c.accept(']')) return list;
  do {
    const key = c.string('as a metadata key');
    c.expect(':', 'after the metadata key');
    list.push({ key, value: c.string('as a metadata value') });
  } while (c.accept(','));
  c.expect(']', 'to close the metadata_props list');
  return list;
}

/** `<key: value, ...>`: calls `field` for each key, which reads the value. */
function parseHeader(c: Cursor, what: string, keys: readonly string[], field: (key: string) => void): void {
  if (!c.accept('<')) return;
  do {
    const at = c.token;
    const key = c.identifier(`as a ${what} field`);
    if (!keys.includes(key)) c.fail(`unknown ${what} field '${key}' (expected one of ${keys.join(', ')})`, at);
    c.expect(':', `after '${key}'`);
    field(key);
  } while (c.accept(','));
  c.expect('>', `to close the ${what} header`);
}

const MODEL_KEYS = ['ir_version', 'opset_import', 'producer_name', 'producer_version', 'domain', 'model_version', 'doc_string', 'metadata_props'];
const FUNCTION_KEYS = ['domain', 'opset_import', 'doc_string', 'overload'];

/** A function's inputs or outputs: names, each optionally typed (the types go to value_info). */
function parseSignatureNames(c: Cursor, valueInfo: ValueInfo[], context: string): string[] {
  const names: string[] = [];
  c.expect('(', `to open the function ${context}`);
  if (c.accept(')')) return names;
  do {
    const info = parseValueInfo(c, `in the function ${context}`);
    names.push(info.name);
    if (info.type) valueInfo.push(info);
  } while (c.accept(','));
  c.expect(')', `to close the function ${context}`);
  return names;
}

function parseFunction(c: Cursor, graphs: GraphParser): FunctionDef {
  let domain = '';
  let overload = '';
  let docString = '';
  let opsetImports: OpsetImport[] = [];
  parseHeader(c, 'function', FUNCTION_KEYS, (key) => {
    if (key === 'opset_import') opsetImports = parseOpsets(c);
    else if (key === 'domain') domain = c.string('as the function domain');
    else if (key === 'overload') overload = c.string('as the function overload');
    else docString = c.string('as the doc string');
  });
  const name = c.name('as the function name');
  const attributes: string[] = [];
  const attributeDefaults: Attribute[] = [];
  if (c.accept('<')) {
    do {
      const param = c.name('as a function attribute');
      if (c.isPunct(':') || c.isPunct('=')) attributeDefaults.push(parseAttribute(c, graphs, param));
      else attributes.push(param);
    } while (c.accept(','));
    c.expect('>', 'to close the function attributes');
  }
  const valueInfo: ValueInfo[] = [];
  const inputs = parseSignatureNames(c, valueInfo, 'inputs');
  c.expect('=>', 'between the function inputs and outputs');
  const outputs = parseSignatureNames(c, valueInfo, 'outputs');
  if (c.accept('<') && !c.accept('>')) {
    do valueInfo.push(parseValueInfo(c, 'in the function value types'));
    while (c.accept(','));
    c.expect('>', 'to close the function value types');
  }
  const nodes = graphs.nodes(c);
  return {
    name, domain, ...(overload ? { overload } : {}), inputs, outputs, attributes, attributeDefaults, nodes, opsetImports, valueInfo,
    ...(docString ? { docString } : {}),
  };
}

function parseText(text: string, options: ParseOptions): Model {
  const c = new Cursor(text);
  const model = {
    irVersion: 0, opsetImports: [] as OpsetImport[], producerName: '', producerVersion: '', domain: '', modelVersion: 0,
    docString: '', metadata: [] as MetadataEntry[],
  };
  parseHeader(c, 'model', MODEL_KEYS, (key) => {
    switch (key) {
      case 'ir_version': model.irVersion = c.integer('as the IR version'); break;
      case 'opset_import': model.opsetImports = parseOpsets(c); break;
      case 'producer_name': model.producerName = c.string('as the producer name'); break;
      case 'producer_version': model.producerVersion = c.string('as the producer version'); break;
      case 'domain': model.domain = c.string('as the model domain'); break;
      case 'model_version': model.modelVersion = c.integer('as the model version'); break;
      case 'doc_string': model.docString = c.string('as the doc string'); break;
      default: model.metadata = parseMetadata(c);
    }
  });
  const graphs = new GraphParser(options.weights);
  const graph = graphs.graphAfterName(c, c.name('as the graph name'));
  const functions: FunctionDef[] = [];
  while (!c.atEnd()) functions.push(parseFunction(c, graphs));
  return assignNodeIds({ ...model, graph, functions });
}

export function parseModel(text: string, options: ParseOptions = {}): Model {
  try {
    return parseText(text, options);
  } catch (e) {
    if (isInputError(e)) throw e;
    // Only pathological input gets here (a stack overflow on absurd nesting).
    throw new InputError(`cannot read the text: ${e instanceof Error ? e.message : String(e)}`);
  }
}
