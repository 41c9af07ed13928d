// The one way passes change a graph. An editor collects edits (remove and insert nodes, redirect
// a value's readers to another value, add and remove initializers) and `apply()` returns a new
// Graph that shares every untouched node, tensor and list with the old one, plus a record of what
// changed. Graphs themselves are never mutated.
//
// Graph output names never change: when a value that is a graph output is replaced, the
// replacement takes over the output's name (its producer's output or the new initializer is
// renamed), or, when that is impossible (the replacement is a graph input, or already an
// output), an Identity node copies it into the output name.
import { indexGraph, subgraphsOf, sortNodes } from './graph.ts';
import type { Attribute, Graph, Model, Node, Tensor } from './types.ts';

export interface NewNode {
  readonly opType: string;
  readonly domain?: string;
  /** Selects a model-local function among several of one name (kiln.FusedElementwise). */
  readonly overload?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly Attribute[];
  /** Preferred id; made unique if taken. Defaults to `<first provenance id>/<opType>`. */
  readonly id?: string;
  /** Ids of the nodes this one is made from (it is placed where the first of them was). */
  readonly provenance: readonly string[];
}

export interface EditRecord {
  readonly removed: readonly string[];
  readonly added: readonly string[];
  readonly rewired: readonly string[];
  readonly initializersAdded: readonly string[];
  readonly initializersRemoved: readonly string[];
}

export const EMPTY_EDIT: EditRecord = { removed: [], added: [], rewired: [], initializersAdded: [], initializersRemoved: [] };

export function mergeEditRecords(records: readonly EditRecord[]): EditRecord {
  return {
    removed: records.flatMap((r) => r.removed),
    added: records.flatMap((r) => r.added),
    rewired: [...new Set(records.flatMap((r) => r.rewired))],
    initializersAdded: records.flatMap((r) => r.initializersAdded),
    initializersRemoved: records.flatMap((r) => r.initializersRemoved),
  };
}

/**
 * Hands out node ids unused anywhere in a model (subgraphs included; names too, since a new
 * node's name is its id). Share one per pass run.
 */
export class NodeIds {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();
  constructor(model: Model) {
    const visit = (g: Graph) => {
      for (const n of g.nodes) {
        this.used.add(n.id).add(n.name);
        for (const sub of subgraphsOf(n)) visit(sub);
      }
    };
    visit(model.graph);
  }
  fresh(stem: string): string {
    // The bare stem first: it is free again when the node that held it was removed (release).
    let k = this.next.get(stem) ?? 0;
    let id = k && this.used.has(stem) ? `${stem}_${k}` : stem;
    while (this.used.has(id)) id = `${stem}_${++k}`;
    this.next.set(stem, k + 1);
    this.used.add(id);
    return id;
  }

  /**
   * Frees a removed node's id so the node that replaces it can take it: a Conv rewritten into a
   * FusedConv stays `conv1` rather than becoming `conv1_1`, so names stay stable across passes
   * and diffs pair the two (provenance still records the rewrite).
   */
  release(id: string): void {
    this.used.delete(id);
  }
}

export function withGraph(model: Model, graph: Graph): Model {
  return graph === model.graph ? model : { ...model, graph };
}

export class GraphEditor {
  private readonly removedIds = new Set<string>();
  private readonly inserted: Node[] = [];
  private readonly replaced = new Map<string, string>();
  private readonly addedInits: Tensor[] = [];
  private readonly removedInits = new Set<string>();
  private readonly newAttributes = new Map<string, readonly Attribute[]>();

  constructor(readonly graph: Graph, private readonly ids: NodeIds) {}

  removeNode(id: string): this {
    const node = indexGraph(this.graph).nodeById.get(id);
    if (!node) throw new Error(`edit: no node '${id}' in graph '${this.graph.name}'`);
    this.removedIds.add(id);
    // Only an id that is also the node's name: a name other nodes may still use stays taken.
    if (node.name === id || !node.name) this.ids.release(id);
    return this;
  }

  /** Adds a node (with a fresh id and its provenance); returns it. */
  insertNode(spec: NewNode): Node {
    const stem = spec.id ?? (spec.provenance[0] ? `${spec.provenance[0]}/${spec.opType}` : spec.opType);
    const id = this.ids.fresh(stem);
    const node: Node = {
      id,
      name: id,
      opType: spec.opType,
      domain: spec.domain ?? '',
      ...(spec.overload ? { overload: spec.overload } : {}),
      inputs: [...spec.inputs],
      outputs: [...spec.outputs],
      attributes: spec.attributes ?? [],
      provenance: [...spec.provenance],
    };
    this.inserted.push(node);
    return node;
  }

  /** Makes every reader of `value` (nodes, subgraphs, graph outputs) read `replacement` instead. */
  replaceUses(value: string, replacement: string): this {
    if (value === replacement) return this;
    this.replaced.set(value, replacement);
    return this;
  }

  /** Gives a kept node new attributes (e.g. its If branches, rewritten by the same pass). */
  setAttributes(id: string, attributes: readonly Attribute[]): this {
    if (!indexGraph(this.graph).nodeById.has(id)) throw new Error(`edit: no node '${id}' in graph '${this.graph.name}'`);
    this.newAttributes.set(id, attributes);
    return this;
  }

  addInitializer(t: Tensor): this {
    this.addedInits.push(t);
    return this;
  }

  removeInitializer(name: string): this {
    this.removedInits.add(name);
    return this;
  }

  /** Builds the edited graph. Throws if the edits leave a reader without a value or define a name twice. */
  apply(): { graph: Graph; record: EditRecord } {
    const g = this.graph;
    const removedNodes = g.nodes.filter((n) => this.removedIds.has(n.id));
    const kept = g.nodes.filter((n) => !this.removedIds.has(n.id));
    const inits = g.initializers.filter((t) => !this.removedInits.has(t.name));

    // Names that lose their definition, and names defined by what stays or is added.
    const undefinedNow = new Set<string>([...removedNodes.flatMap((n) => n.outputs), ...this.removedInits]);
    const defined = new Set<string>([...g.inputs.map((v) => v.name), ...inits.map((t) => t.name), ...kept.flatMap((n) => n.outputs)]);
    for (const name of [...this.inserted.flatMap((n) => n.outputs), ...this.addedInits.map((t) => t.name)]) {
      if (!name) continue;
      if (defined.has(name)) throw new Error(`edit: value '${name}' would be defined twice in graph '${g.name}'`);
      defined.add(name);
      undefinedNow.delete(name);
    }
    undefinedNow.delete('');

    const resolve = (v: string): string => {
      const seen = new Set<string>();
      while (this.replaced.has(v) && !seen.has(v)) {
        seen.add(v);
        v = this.replaced.get(v)!;
      }
      return v;
    };
    const { renames, copies } = this.keepOutputNames(resolve, defined);
    const mapName = (v: string) => {
      const r = resolve(v);
      return renames.get(r) ?? r;
    };

    const rewired: string[] = [];
    const remaps = this.replaced.size > 0 || renames.size > 0;
    const newKept = kept.map((n) => {
      const attributes = this.newAttributes.get(n.id);
      if (!attributes && !remaps) return n;
      const m = remapNode(attributes ? { ...n, attributes } : n, mapName, renames);
      if (m !== n) rewired.push(n.id);
      return m;
    });
    const newInserted = [...this.inserted.map((n) => remapNode(n, mapName, renames)), ...copies];
    const renameTensor = (t: Tensor) => (renames.has(t.name) ? { ...t, name: renames.get(t.name)! } : t);
    const keptInits = inits.map(renameTensor);
    const added = this.addedInits.map(renameTensor);

    const nodes = placeNodes(g.nodes, newKept, newInserted, this.removedIds);
    const initsChanged = added.length > 0 || this.removedInits.size > 0 || keptInits.some((t, i) => t !== inits[i]);
    if (!removedNodes.length && !newInserted.length && !rewired.length && !initsChanged) return { graph: g, record: EMPTY_EDIT };

    // Values that no longer exist under their name: undefined by the edit, or renamed to an output's name.
    const gone = new Set([...undefinedNow, ...renames.keys()]);
    for (const o of [...renames.values(), ...copies.flatMap((n) => n.outputs)]) gone.delete(o);
    const valueInfo = g.valueInfo.filter((v) => !gone.has(v.name));
    let graph: Graph = {
      ...g,
      nodes,
      initializers: initsChanged ? [...keptInits, ...added] : g.initializers,
      valueInfo: valueInfo.length === g.valueInfo.length ? g.valueInfo : valueInfo,
    };
    checkReads(graph, gone);
    graph = sortNodes(graph);
    return {
      graph,
      record: {
        removed: removedNodes.map((n) => n.id),
        added: newInserted.map((n) => n.id),
        rewired,
        initializersAdded: [...keptInits.filter((t, i) => t !== inits[i]), ...added].map((t) => t.name),
        initializersRemoved: g.initializers.filter((t) => this.removedInits.has(t.name) || renames.has(t.name)).map((t) => t.name),
      },
    };
  }

  /**
   * For each graph output whose value is replaced: rename the replacement to the output's name
   * when the replacement is free to change name, else copy it with an Identity node.
   */
  private keepOutputNames(resolve: (v: string) => string, defined: ReadonlySet<string>): { renames: Map<string, string>; copies: Node[] } {
    const renames = new Map<string, string>();
    const copies: Node[] = [];
    // Graph inputs and outputs keep their names; anything else (a node output, an initializer) may take an output's name.
    const fixed = new Set([...this.graph.inputs.map((v) => v.name), ...this.graph.outputs.map((v) => v.name)]);
    for (const out of this.graph.outputs) {
      const target = resolve(out.name);
      if (target === out.name) continue;
      if (defined.has(out.name)) throw new Error(`edit: graph output '${out.name}' is replaced but its producer stays`);
      // A value defined elsewhere (an enclosing scope of a subgraph) cannot be renamed here.
      if (!fixed.has(target) && !renames.has(target) && defined.has(target)) {
        renames.set(target, out.name);
        continue;
      }
      const producer = this.graph.nodes.find((n) => n.outputs.includes(out.name));
      const id = this.ids.fresh(`${out.name}/Identity`);
      copies.push({ id, name: id, opType: 'Identity', domain: '', inputs: [renames.get(target) ?? target], outputs: [out.name], attributes: [], provenance: producer ? [producer.id] : [] });
    }
    return { renames, copies };
  }
}

/** The node with inputs (and subgraph reads of outer values) mapped and outputs renamed; the same object when nothing changes. */
function remapNode(n: Node, mapName: (v: string) => string, renames: ReadonlyMap<string, string>): Node {
  const inputs = n.inputs.map((i) => (i ? mapName(i) : i));
  const outputs = n.outputs.map((o) => renames.get(o) ?? o);
  let attributes = n.attributes;
  if (n.attributes.some((a) => a.type === 'graph' || a.type === 'graphs')) {
    const mapped = n.attributes.map((a): Attribute => {
      if (a.type === 'graph') {
        const sub = remapOuterReads(a.value, mapName, new Set());
        return sub === a.value ? a : { ...a, value: sub };
      }
      if (a.type === 'graphs') {
        const subs = a.value.map((s) => remapOuterReads(s, mapName, new Set()));
        return subs.every((s, i) => s === a.value[i]) ? a : { ...a, value: subs };
      }
      return a;
    });
    if (mapped.some((a, i) => a !== n.attributes[i])) attributes = mapped;
  }
  const same = attributes === n.attributes && inputs.every((v, i) => v === n.inputs[i]) && outputs.every((v, i) => v === n.outputs[i]);
  return same ? n : { ...n, inputs, outputs, attributes };
}

/** Renames the values a subgraph reads from enclosing scopes (its own names shadow nothing: ONNX names are unique). */
function remapOuterReads(g: Graph, mapName: (v: string) => string, outer: ReadonlySet<string>): Graph {
  const local = new Set<string>([...outer, ...g.inputs.map((v) => v.name), ...g.initializers.map((t) => t.name), ...g.nodes.flatMap((n) => n.outputs)]);
  const map = (v: string) => (v && !local.has(v) ? mapName(v) : v);
  const nodes = g.nodes.map((n) => {
    const inputs = n.inputs.map(map);
    const attributes = n.attributes.map((a): Attribute => {
      if (a.type === 'graph') {
        const sub = remapOuterReads(a.value, map, local);
        return sub === a.value ? a : { ...a, value: sub };
      }
      if (a.type === 'graphs') {
        const subs = a.value.map((s) => remapOuterReads(s, map, local));
        return subs.every((s, i) => s === a.value[i]) ? a : { ...a, value: subs };
      }
      return a;
    });
    const same = inputs.every((v, i) => v === n.inputs[i]) && attributes.every((a, i) => a === n.attributes[i]);
    return same ? n : { ...n, inputs, attributes };
  });
  const outputs = g.outputs.map((o) => (map(o.name) === o.name ? o : { ...o, name: map(o.name) }));
  const same = nodes.every((n, i) => n === g.nodes[i]) && outputs.every((o, i) => o === g.outputs[i]);
  return same ? g : { ...g, nodes, outputs };
}

/** Kept nodes in their order; each new node where the first node it replaces was, else before its first reader, else last. */
function placeNodes(original: readonly Node[], kept: readonly Node[], inserted: readonly Node[], removed: ReadonlySet<string>): Node[] {
  // Kept nodes may be rewired copies: reuse the original list only when every node is the same object.
  if (!inserted.length) return kept.length === original.length && kept.every((n, i) => n === original[i]) ? (original as Node[]) : [...kept];
  const position = new Map(original.map((n, i) => [n.id, i]));
  const slot = (n: Node): number => {
    const replaced = (n.provenance ?? []).filter((id) => removed.has(id)).map((id) => position.get(id)!);
    if (replaced.length) return Math.min(...replaced);
    const outs = new Set(n.outputs.filter((o) => o));
    const readers = kept.filter((k) => k.inputs.some((i) => outs.has(i))).map((k) => position.get(k.id)!);
    return readers.length ? Math.min(...readers) - 0.5 : original.length;
  };
  const keyed = [...kept.map((n) => ({ n, at: position.get(n.id)!, order: 1 })), ...inserted.map((n, k) => ({ n, at: slot(n), order: k }))];
  // Ties (a new node in a removed node's slot) keep insertion order; kept nodes never tie with each other.
  keyed.sort((a, b) => a.at - b.at || a.order - b.order);
  return keyed.map((k) => k.n);
}

/** Throws when a value this edit undefined is still read (by a node, a subgraph, or a graph output). */
function checkReads(g: Graph, gone: ReadonlySet<string>): void {
  if (!gone.size) return;
  for (const n of g.nodes) {
    for (const i of n.inputs) if (gone.has(i)) throw new Error(`edit: node '${n.id}' reads '${i}', which nothing defines any more`);
    for (const sub of subgraphsOf(n)) for (const r of outerReads(sub)) if (gone.has(r)) throw new Error(`edit: a subgraph of node '${n.id}' reads '${r}', which nothing defines any more`);
  }
  for (const o of g.outputs) if (gone.has(o.name)) throw new Error(`edit: graph output '${o.name}' is no longer defined`);
}

function outerReads(g: Graph): string[] {
  const local = new Set<string>([...g.inputs.map((v) => v.name), ...g.initializers.map((t) => t.name), ...g.nodes.flatMap((n) => n.outputs)]);
  const reads = g.nodes.flatMap((n) => [...n.inputs, ...subgraphsOf(n).flatMap(outerReads)]);
  return [...reads, ...g.outputs.map((o) => o.name)].filter((v) => v && !local.has(v));
}
