// A private, mutable copy of a graph's wiring for sink-transposes: pushing one Transpose changes
// what the next node sees, so the pass edits as it sweeps, with producer and reader indices kept
// up to date in O(1) per edit. Nothing here touches the input Graph; commit.ts turns the final
// state into GraphEditor edits (the one mutation path of the project).
import { evaluateNode } from '../../ir/eval/evaluate.ts';
import { NodeIds } from '../../ir/edit.ts';
import { outerScopeReads, subgraphsOf } from '../../ir/graph.ts';
import type { Attribute, Graph, Model, Node, Shape, Tensor, ValueType } from '../../ir/types.ts';
import { ValueNames } from '../rewrite/builder.ts';
import { constantInitializers } from '../support/constant-values.ts';

export interface WNode {
  readonly id: string;
  opType: string;
  readonly domain: string;
  readonly inputs: string[];
  readonly outputs: string[];
  attributes: readonly Attribute[];
  readonly provenance: readonly string[];
  /** The node of the input graph this is (undefined for nodes the pass made). */
  readonly original?: Node;
  /** Has subgraphs: its reads (inputs and what its bodies read) are never rewired. */
  readonly opaque: boolean;
  /** Reads other values than it did. */
  rewired: boolean;
  /** Its op, attributes or outputs changed: written back as a new node. */
  rebuilt: boolean;
  /** Rewired only, in a way commit.ts expresses by value replacements: it keeps its id. */
  keepsId?: boolean;
  removed: boolean;
}

export interface NewWNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly Attribute[];
  readonly provenance: readonly string[];
  /** Id stem; the id is made unique. */
  readonly id: string;
}

export class WorkGraph {
  readonly nodes: WNode[] = [];
  /** Graph output values, in order; a pass may point one at another value (commit renames it back). */
  readonly outputs: string[];
  readonly newInitializers = new Map<string, Tensor>();
  /** Initializers of the input graph the pass left unread (removed on commit). */
  readonly removedInitializers = new Set<string>();
  /** Values that lost a reader: where unused-node cleanup starts. */
  readonly released: string[] = [];
  private readonly outputCount = new Map<string, number>();
  private readonly producers = new Map<string, WNode>();
  private readonly readers = new Map<string, Set<WNode>>();
  private readonly shapes = new Map<string, Shape | undefined>();
  private readonly constants = new Map<string, Tensor | null>();
  private readonly initializers: Map<string, Tensor>;
  private readonly allInitializers: Set<string>;
  private readonly byId = new Map<string, WNode>();
  private readonly ids: NodeIds;
  private readonly names: ValueNames;

  constructor(
    readonly model: Model,
    readonly opset: number,
    types: ReadonlyMap<string, ValueType>,
  ) {
    const g: Graph = model.graph;
    this.ids = new NodeIds(model);
    this.names = new ValueNames(model);
    this.allInitializers = new Set(g.initializers.map((t) => t.name));
    this.initializers = new Map(constantInitializers(g, model.irVersion, true).map((t) => [t.name, t]));
    for (const [name, t] of types) if (t.kind === 'tensor') this.shapes.set(name, t.shape);
    this.outputs = g.outputs.map((o) => o.name);
    for (const o of this.outputs) this.outputCount.set(o, (this.outputCount.get(o) ?? 0) + 1);
    for (const n of g.nodes) {
      const opaque = subgraphsOf(n).length > 0;
      this.add({ id: n.id, opType: n.opType, domain: n.domain, inputs: [...n.inputs], outputs: [...n.outputs], attributes: n.attributes, provenance: [], original: n, opaque, rewired: false, rebuilt: false, removed: false });
      if (opaque) for (const sub of subgraphsOf(n)) for (const r of outerScopeReads(sub)) this.link(r, this.nodes[this.nodes.length - 1]!);
    }
  }

  private add(n: WNode): WNode {
    this.nodes.push(n);
    this.byId.set(n.id, n);
    for (const o of n.outputs) if (o) this.producers.set(o, n);
    for (const i of n.inputs) this.link(i, n);
    return n;
  }

  private link(v: string, n: WNode): void {
    if (!v) return;
    let set = this.readers.get(v);
    if (!set) this.readers.set(v, (set = new Set()));
    set.add(n);
  }

  private unlink(v: string, n: WNode): void {
    if (v && !n.inputs.includes(v)) {
      this.readers.get(v)?.delete(n);
      this.released.push(v);
    }
  }

  node(id: string): WNode | undefined {
    return this.byId.get(id);
  }

  producer(v: string): WNode | undefined {
    const p = this.producers.get(v);
    return p && !p.removed ? p : undefined;
  }

  consumers(v: string): WNode[] {
    return [...(this.readers.get(v) ?? [])];
  }

  /** Read by a node or a graph output. */
  isRead(v: string): boolean {
    return (this.readers.get(v)?.size ?? 0) > 0 || this.isGraphOutput(v);
  }

  isGraphOutput(v: string): boolean {
    return (this.outputCount.get(v) ?? 0) > 0;
  }

  shape(v: string): Shape | undefined {
    return this.shapes.get(v);
  }

  setShape(v: string, s: Shape | undefined): void {
    this.shapes.set(v, s);
  }

  /** The value's tensor when it is known before the model runs: a constant initializer or a Constant node. */
  constant(v: string): Tensor | undefined {
    const t = this.initializers.get(v) ?? this.newInitializers.get(v);
    if (t) return t;
    if (this.constants.has(v)) return this.constants.get(v) ?? undefined;
    const p = this.producer(v);
    let value: Tensor | null = null;
    if (p?.original && p.opType === 'Constant' && (p.domain === '' || p.domain === 'ai.onnx')) {
      try {
        value = evaluateNode(p.original, [], this.opset)[0] ?? null;
      } catch {
        value = null; // sparse or string constants are left alone
      }
    }
    this.constants.set(v, value);
    return value ?? undefined;
  }

  freshValue(stem: string): string {
    return this.names.fresh(stem);
  }

  addInitializer(stem: string, t: Tensor): string {
    return this.setInitializer(this.names.fresh(stem), t);
  }

  /** Adds an initializer under a name a removed node used to define (values keep their names). */
  setInitializer(name: string, t: Tensor): string {
    this.newInitializers.set(name, { ...t, name });
    this.shapes.set(name, t.dims);
    return name;
  }

  /** Read by a node whose subgraphs read it (such reads are never rewired). */
  hasOpaqueReader(v: string): boolean {
    return this.consumers(v).some((c) => c.opaque);
  }

  addNode(spec: NewWNode): WNode {
    const id = this.ids.fresh(spec.id);
    return this.add({ id, opType: spec.opType, domain: '', inputs: [...spec.inputs], outputs: [...spec.outputs], attributes: spec.attributes ?? [], provenance: spec.provenance, opaque: false, rewired: false, rebuilt: true, removed: false });
  }

  setInput(n: WNode, k: number, v: string): void {
    const old = n.inputs[k]!;
    if (old === v) return;
    if (n.opaque) throw new Error(`sink-transposes: cannot rewire ${n.opType} ${n.id}, which has subgraphs`);
    n.inputs[k] = v;
    n.rewired = true;
    this.unlink(old, n);
    this.link(v, n);
  }

  setAttributes(n: WNode, attributes: readonly Attribute[]): void {
    n.attributes = attributes;
    n.rebuilt = true;
  }

  removeNode(n: WNode): void {
    n.removed = true;
    for (const i of n.inputs) {
      this.readers.get(i)?.delete(n);
      if (i) this.released.push(i);
    }
  }

  /** An initializer of the input graph (constant or not). */
  isOriginalInitializer(v: string): boolean {
    return this.allInitializers.has(v);
  }

  /** Points every rewirable reader of `v` (and graph outputs) at `to`; returns whether none is left reading `v`. */
  replaceUses(v: string, to: string): boolean {
    for (const c of this.consumers(v)) {
      if (c.opaque) continue;
      c.inputs.forEach((input, k) => input === v && this.setInput(c, k, to));
    }
    this.outputs.forEach((o, k) => {
      if (o !== v) return;
      this.outputs[k] = to;
      this.outputCount.set(v, this.outputCount.get(v)! - 1);
      this.outputCount.set(to, (this.outputCount.get(to) ?? 0) + 1);
    });
    return !this.isRead(v);
  }

  /** Gives output `k` of `n` a new name (the node now produces a differently laid out value). */
  renameOutput(n: WNode, k: number, name: string): void {
    const old = n.outputs[k]!;
    if (this.producers.get(old) === n) this.producers.delete(old);
    n.outputs[k] = name;
    this.producers.set(name, n);
    n.rebuilt = true;
  }

  /** Turns a node into another op in place (a Transpose that is really a Reshape, say). */
  retype(n: WNode, opType: string, inputs: readonly string[], attributes: readonly Attribute[]): void {
    for (const i of n.inputs) {
      this.readers.get(i)?.delete(n);
      if (i) this.released.push(i);
    }
    n.opType = opType;
    n.inputs.splice(0, n.inputs.length, ...inputs);
    for (const i of n.inputs) this.link(i, n);
    n.attributes = attributes;
    n.rebuilt = true;
  }

  /** Whether a node of the input graph is written back as a new node (a fresh id). */
  replaced(n: WNode): boolean {
    return n.original !== undefined && !n.removed && (n.rebuilt || (n.rewired && !n.keepsId));
  }

  /**
   * The id the node has in the result: its own, also when it is written back as a new node (the
   * editor frees a removed node's id for its replacement, so names stay stable across passes).
   */
  idOf(n: WNode): string {
    return n.id;
  }
}
