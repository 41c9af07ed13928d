// Graphs and nodes:
//   name (float[N] x, float[2] w = {1, 2}) => (float[N] y) <float[3] b = ..., float[N] t> { nodes }
//   [label] out1, "", out3 = domain.Op:overload <attr = value> (in1, "", in3)
// Node ids are left empty here and handed out once the whole model is read (node-ids.ts).
import type { Attribute, Graph, Node, Tensor, ValueInfo } from '../types.ts';
import type { Cursor } from './cursor.ts';
import { parseAttributeList, type AttributeContext } from './parse-attribute.ts';
import { parseTensorData, type Weights } from './parse-tensor.ts';
import { parseValueInfo } from './parse-type.ts';

/**
 * Names separated by commas, where a missing name is the empty name: `(, x)` is ['', 'x'],
 * `("")` is [''], and a trailing comma adds nothing (onnx's rules for optional inputs).
 */
export function parseNameList(c: Cursor): string[] {
  const names: string[] = [];
  const next = (): boolean => {
    const t = c.token;
    if (t.kind === 'ident' || t.kind === 'string') {
      names.push(c.advance().text);
      return true;
    }
    if (c.isPunct(',')) {
      names.push('');
      return true;
    }
    return false;
  };
  if (!next()) return names;
  while (c.accept(',')) if (!next()) break;
  return names;
}

/** `a.b.Op`, `Op`, or the quoted forms `"dom"."Op"` and `"Op"`. */
function parseOpRef(c: Cursor): { domain: string; opType: string } {
  const parts: string[] = [];
  if (c.token.kind === 'string') parts.push(c.advance().text);
  else parts.push(c.identifier('as the operator after \'=\''));
  while (c.accept('.')) parts.push(c.name('in the operator name'));
  const opType = parts.pop()!;
  const domain = parts.join('.');
  return { domain: domain === 'ai.onnx' ? '' : domain, opType };
}

export class GraphParser implements AttributeContext {
  constructor(readonly weights: Weights) {}

  readonly graph = (c: Cursor, name: string): Graph => this.graphAfterName(c, name);

  node(c: Cursor): Node {
    let name = '';
    if (c.accept('[')) {
      if (!c.isPunct(']')) name = c.name('as the node name');
      c.expect(']', 'after the node name');
    }
    const outputs = parseNameList(c);
    c.expect('=', outputs.length ? 'after the node outputs' : 'to start a node');
    const { domain, opType } = parseOpRef(c);
    const overload = c.accept(':') ? c.name('as the operator overload') : '';
    let attributes: Attribute[] = c.isPunct('<') ? parseAttributeList(c, this) : [];
    c.expect('(', `before the inputs of ${opType}`);
    const inputs = parseNameList(c);
    c.expect(')', `after the inputs of ${opType}`);
    if (!attributes.length && c.isPunct('<')) attributes = parseAttributeList(c, this);
    return { id: '', name, opType, domain, ...(overload ? { overload } : {}), inputs, outputs, attributes };
  }

  nodes(c: Cursor): Node[] {
    const nodes: Node[] = [];
    c.expect('{', 'to open the node list');
    while (!c.accept('}')) {
      if (c.atEnd()) c.expected("'}'", 'to close the node list');
      nodes.push(this.node(c));
    }
    return nodes;
  }

  /** `type name`, and when `= data` follows, an initializer of that name too. */
  private declaration(c: Cursor, initializers: Tensor[], context: string): { info: ValueInfo; initialized: boolean } {
    const at = c.token;
    const info = parseValueInfo(c, context);
    if (!c.accept('=')) return { info, initialized: false };
    if (!info.type) return c.fail(`initializer '${info.name}' needs a type, e.g. 'float[2] ${info.name} = {1, 2}'`, at);
    initializers.push(parseTensorData(c, info.type, info.name, at, this.weights));
    return { info, initialized: true };
  }

  graphAfterName(c: Cursor, name: string): Graph {
    const initializers: Tensor[] = [];
    const inputs: ValueInfo[] = [];
    // An input may carry an initializer (`float[2] w = {1, 2}`): it is then both, as in onnx.
    c.expect('(', `to open the inputs of graph '${name}'`);
    if (!c.accept(')')) {
      do inputs.push(this.declaration(c, initializers, 'in the graph inputs').info);
      while (c.accept(','));
      c.expect(')', 'after the graph inputs');
    }
    c.expect('=>', 'between the graph inputs and outputs');
    const outputs: ValueInfo[] = [];
    c.expect('(', 'to open the graph outputs');
    if (!c.accept(')')) {
      do outputs.push(parseValueInfo(c, 'in the graph outputs'));
      while (c.accept(','));
      c.expect(')', 'after the graph outputs');
    }
    const valueInfo: ValueInfo[] = [];
    if (c.accept('<') && !c.accept('>')) {
      do {
        const { info, initialized } = this.declaration(c, initializers, 'in the graph declarations');
        if (!initialized) valueInfo.push(info);
      } while (c.accept(','));
      c.expect('>', 'to close the graph declarations');
    }
    return { name, nodes: this.nodes(c), inputs, outputs, valueInfo, initializers };
  }
}
