// Builds models in code: tests, the bundled-model builder script and passes that synthesize
// graphs use it instead of assembling protobuf-shaped objects by hand.
import type { DType } from './dtype.ts';
import type { Attribute, FunctionDef, Graph, Model, Node, OpsetImport, Shape, Tensor, ValueInfo } from './types.ts';

/** Forces a number to be written as a float attribute (1 would otherwise be an int). */
export class FloatAttr {
  constructor(readonly value: number) {}
}
export const float = (x: number) => new FloatAttr(x);

export type AttrInput = number | FloatAttr | string | readonly number[] | readonly string[] | Tensor | Graph | { floats: readonly number[] };

function isTensor(x: object): x is Tensor {
  return 'dtype' in x && 'dims' in x && 'data' in x;
}

function isGraph(x: object): x is Graph {
  return 'nodes' in x && 'inputs' in x && 'outputs' in x;
}

export function toAttribute(name: string, v: AttrInput): Attribute {
  if (v instanceof FloatAttr) return { name, type: 'float', value: v.value };
  if (typeof v === 'number') return Number.isInteger(v) ? { name, type: 'int', value: v } : { name, type: 'float', value: v };
  if (typeof v === 'string') return { name, type: 'string', value: v };
  if (Array.isArray(v)) {
    if (v.length && typeof v[0] === 'string') return { name, type: 'strings', value: v as string[] };
    const nums = v as number[];
    return nums.every(Number.isInteger) ? { name, type: 'ints', value: nums } : { name, type: 'floats', value: nums };
  }
  const o = v as object;
  if ('floats' in o) return { name, type: 'floats', value: (o as { floats: number[] }).floats };
  if (isTensor(o)) return { name, type: 'tensor', value: o };
  if (isGraph(o)) return { name, type: 'graph', value: o };
  throw new Error(`cannot make attribute '${name}' from ${String(v)}`);
}

export function toAttributes(attrs: Record<string, AttrInput | undefined> = {}): Attribute[] {
  return Object.entries(attrs)
    .filter((e): e is [string, AttrInput] => e[1] !== undefined)
    .map(([k, v]) => toAttribute(k, v));
}

export interface NodeOptions {
  name?: string;
  domain?: string;
  attrs?: Record<string, AttrInput | undefined>;
  /** Output names; by default one output named `<node name>_out` (or `_out<k>`). */
  outputs?: string[] | number;
}

export class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  readonly initializers: Tensor[] = [];
  readonly valueInfo: ValueInfo[] = [];
  private readonly counters = new Map<string, number>();
  private readonly names = new Set<string>();

  constructor(readonly name = 'main') {}

  /** A fresh name `<stem>_<k>` not used yet in this graph. */
  fresh(stem: string): string {
    let k = this.counters.get(stem) ?? 0;
    let name = `${stem}_${k}`;
    while (this.names.has(name)) name = `${stem}_${++k}`;
    this.counters.set(stem, k + 1);
    this.names.add(name);
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`name '${name}' is already used in graph '${this.name}'`);
    this.names.add(name);
    return name;
  }

  input(name: string, dtype: DType, shape?: Shape): string {
    this.inputs.push({ name: this.claim(name), type: { kind: 'tensor', dtype, ...(shape ? { shape } : {}) } });
    return name;
  }

  initializer(t: Tensor): string {
    this.initializers.push({ ...t, name: this.claim(t.name) });
    return t.name;
  }

  /** Adds a node; returns its output names (one string when it has a single output). */
  node(opType: string, inputs: readonly string[], options?: NodeOptions & { outputs?: 1 | [string] }): string;
  node(opType: string, inputs: readonly string[], options: NodeOptions): string[] | string;
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string | string[] {
    const name = options.name ? this.claim(options.name) : this.fresh(opType);
    const spec = options.outputs ?? 1;
    const outputs = typeof spec === 'number' ? Array.from({ length: spec }, (_, k) => this.claim(spec === 1 ? `${name}_out` : `${name}_out${k}`)) : spec.map((o) => (o ? this.claim(o) : ''));
    this.nodes.push({
      id: name,
      name,
      opType,
      domain: options.domain ?? '',
      inputs: [...inputs],
      outputs,
      attributes: toAttributes(options.attrs),
    });
    return outputs.length === 1 ? outputs[0]! : outputs;
  }

  output(name: string, dtype?: DType, shape?: Shape): void {
    this.outputs.push({ name, ...(dtype ? { type: { kind: 'tensor', dtype, ...(shape ? { shape } : {}) } } : {}) });
  }

  build(): Graph {
    return {
      name: this.name,
      nodes: [...this.nodes],
      inputs: [...this.inputs],
      outputs: [...this.outputs],
      valueInfo: [...this.valueInfo],
      initializers: [...this.initializers],
    };
  }
}

export interface ModelOptions {
  opsetImports?: OpsetImport[];
  irVersion?: number;
  producerName?: string;
  docString?: string;
  metadata?: Record<string, string>;
  functions?: FunctionDef[];
}

export const DEFAULT_OPSET = 17;

export function makeModel(graph: Graph, options: ModelOptions = {}): Model {
  return {
    irVersion: options.irVersion ?? 8,
    opsetImports: options.opsetImports ?? [{ domain: '', version: DEFAULT_OPSET }],
    producerName: options.producerName ?? 'kiln',
    producerVersion: '0.1.0',
    domain: '',
    modelVersion: 1,
    docString: options.docString ?? '',
    metadata: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph,
    functions: options.functions ?? [],
  };
}
