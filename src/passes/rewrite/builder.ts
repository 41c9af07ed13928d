// What a rule's rewrite writes into: new nodes and initializers, and which old values the new ones
// stand for. The graph itself is never touched here.
import { toAttributes, type AttrInput } from '../../ir/builder.ts';
import type { GraphEditor, NewNode } from '../../ir/edit.ts';
import { subgraphsOf } from '../../ir/graph.ts';
import type { Attribute, FunctionDef, Graph, Model, Tensor } from '../../ir/types.ts';
import type { Match } from './match.ts';

/** Hands out value names unused anywhere in the model (subgraphs included). */
export class ValueNames {
  private readonly used = new Set<string>();
  constructor(model: Model) {
    const visit = (g: Graph) => {
      for (const v of g.inputs) this.used.add(v.name);
      for (const t of g.initializers) this.used.add(t.name);
      for (const n of g.nodes) {
        for (const o of n.outputs) this.used.add(o);
        for (const sub of subgraphsOf(n)) visit(sub);
      }
    };
    visit(model.graph);
  }
  fresh(stem: string): string {
    let name = stem;
    for (let k = 1; this.used.has(name); k++) name = `${stem}_${k}`;
    this.used.add(name);
    return name;
  }
}

export interface NodeSpec {
  readonly domain?: string;
  readonly overload?: string;
  readonly attrs?: Record<string, AttrInput | undefined> | readonly Attribute[];
  /** Output value names: reuse a removed node's names to keep them stable; default one fresh name. */
  readonly outputs?: readonly string[];
  /** Preferred node id (made unique); default `<root id>/<op>`. */
  readonly id?: string;
}

/**
 * Buffers one rewrite's edits; the driver commits them only when the rewrite returned normally,
 * so a rewrite that gives up half way leaves nothing behind.
 */
export class RewriteBuilder {
  readonly defined = new Set<string>();
  readonly replaced = new Map<string, string>();
  private readonly nodes: NewNode[] = [];
  private readonly initializers: Tensor[] = [];
  /** Model-local functions the new nodes call (Kiln-only ops stay portable ONNX this way). */
  readonly functions: FunctionDef[] = [];

  constructor(
    private readonly names: ValueNames,
    readonly match: Match,
  ) {}

  /** Adds a node made from the matched nodes; returns its output value names. */
  node(opType: string, inputs: readonly string[], spec: NodeSpec = {}): string[] {
    const outputs = spec.outputs ?? [this.names.fresh(`${this.match.root.id}/${opType}_out`)];
    const attributes = Array.isArray(spec.attrs) ? (spec.attrs as Attribute[]) : toAttributes(spec.attrs as Record<string, AttrInput | undefined> | undefined);
    this.nodes.push({
      opType,
      domain: spec.domain ?? '',
      ...(spec.overload ? { overload: spec.overload } : {}),
      inputs,
      outputs,
      attributes,
      provenance: this.match.nodes.map((n) => n.id),
      id: spec.id ?? `${this.match.root.id}/${opType}`,
    });
    for (const o of outputs) if (o) this.defined.add(o);
    return [...outputs];
  }

  /** Adds a single-output node; returns its output name. */
  op(opType: string, inputs: readonly string[], spec: NodeSpec = {}): string {
    return this.node(opType, inputs, spec)[0]!;
  }

  /** Adds an initializer under a fresh name derived from `stem`; returns the name. */
  initializer(stem: string, t: Tensor): string {
    const name = this.names.fresh(stem);
    this.initializers.push({ ...t, name });
    this.defined.add(name);
    return name;
  }

  /** Readers of `oldValue` read `newValue` instead. */
  replace(oldValue: string, newValue: string): void {
    this.replaced.set(oldValue, newValue);
  }

  /**
   * Declares a model-local function for a Kiln-only op (domain 'kiln'): its body, in standard
   * ops, is what onnxruntime or any other runtime executes; Kiln's backend reads the node itself.
   */
  addFunction(def: FunctionDef): void {
    this.functions.push(def);
  }

  /** A fresh value name (for nodes whose outputs are named up front). */
  freshValue(stem: string): string {
    return this.names.fresh(stem);
  }

  /** Writes the buffered edits into the pass's editor; returns the ids of the new nodes. */
  commit(editor: GraphEditor): string[] {
    const ids = this.nodes.map((spec) => editor.insertNode(spec).id);
    for (const t of this.initializers) editor.addInitializer(t);
    for (const [from, to] of this.replaced) editor.replaceUses(from, to);
    return ids;
  }
}
