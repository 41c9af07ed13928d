// Pure queries over a Graph. Indices are computed once per graph object and cached: graphs are
// immutable, so a cached index can never go stale.
import type { Graph, Node, Tensor, ValueInfo, ValueType } from './types.ts';

export interface GraphIndex {
  /** Value name -> the node that produces it. */
  readonly producer: ReadonlyMap<string, Node>;
  /** Value name -> the nodes that read it (a node reading it twice appears once). */
  readonly consumers: ReadonlyMap<string, readonly Node[]>;
  readonly nodeById: ReadonlyMap<string, Node>;
  readonly initializer: ReadonlyMap<string, Tensor>;
  readonly input: ReadonlyMap<string, ValueInfo>;
  readonly output: ReadonlyMap<string, ValueInfo>;
  /** Declared types: graph inputs, outputs, value_info and initializers (no inference). */
  readonly declaredType: ReadonlyMap<string, ValueType>;
}

const cache = new WeakMap<Graph, GraphIndex>();

export function indexGraph(g: Graph): GraphIndex {
  const hit = cache.get(g);
  if (hit) return hit;
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  const nodeById = new Map<string, Node>();
  for (const n of g.nodes) {
    nodeById.set(n.id, n);
    for (const o of n.outputs) if (o) producer.set(o, n);
    for (const i of new Set(n.inputs)) {
      if (!i) continue;
      let list = consumers.get(i);
      if (!list) consumers.set(i, (list = []));
      list.push(n);
    }
  }
  const declaredType = new Map<string, ValueType>();
  for (const t of g.initializers) declaredType.set(t.name, { kind: 'tensor', dtype: t.dtype, shape: t.dims });
  for (const v of [...g.valueInfo, ...g.inputs, ...g.outputs]) if (v.type) declaredType.set(v.name, v.type);
  const index: GraphIndex = {
    producer,
    consumers,
    nodeById,
    initializer: new Map(g.initializers.map((t) => [t.name, t])),
    input: new Map(g.inputs.map((v) => [v.name, v])),
    output: new Map(g.outputs.map((v) => [v.name, v])),
    declaredType,
  };
  cache.set(g, index);
  return index;
}

export function producerOf(g: Graph, value: string): Node | undefined {
  return indexGraph(g).producer.get(value);
}

export function consumersOf(g: Graph, value: string): readonly Node[] {
  return indexGraph(g).consumers.get(value) ?? [];
}

/** Graph inputs that are not also initializers (IR < 4 lists every initializer as an input). */
export function runtimeInputs(g: Graph): readonly ValueInfo[] {
  const init = indexGraph(g).initializer;
  return g.inputs.filter((v) => !init.has(v.name));
}

/** Names a subgraph reads from enclosing scopes (outer-scope values of If/Loop/Scan bodies). */
export function outerScopeReads(g: Graph): Set<string> {
  const defined = new Set<string>([...g.inputs.map((v) => v.name), ...g.initializers.map((t) => t.name)]);
  for (const n of g.nodes) for (const o of n.outputs) if (o) defined.add(o);
  const reads = new Set<string>();
  for (const n of g.nodes) {
    for (const i of n.inputs) if (i && !defined.has(i)) reads.add(i);
    for (const sub of subgraphsOf(n)) for (const r of outerScopeReads(sub)) if (!defined.has(r)) reads.add(r);
  }
  for (const o of g.outputs) if (!defined.has(o.name)) reads.add(o.name);
  return reads;
}

export function subgraphsOf(n: Node): Graph[] {
  const out: Graph[] = [];
  for (const a of n.attributes) {
    if (a.type === 'graph') out.push(a.value);
    else if (a.type === 'graphs') out.push(...a.value);
  }
  return out;
}

/**
 * Every value a node depends on: its inputs plus what its subgraphs read from outside
 * (an If's branches may use values the If does not list as inputs).
 */
export function nodeDependencies(n: Node): string[] {
  const deps = n.inputs.filter((i) => i !== '');
  for (const sub of subgraphsOf(n)) deps.push(...outerScopeReads(sub));
  return deps;
}

export type TopoResult = { readonly order: readonly Node[] } | { readonly cycle: readonly Node[] };

/**
 * Kahn's algorithm, stable: among ready nodes, the one earliest in the file goes first, so a
 * graph already in topological order comes back unchanged. Returns the nodes on a cycle if any.
 */
export function topologicalOrder(g: Graph): TopoResult {
  const { producer } = indexGraph(g);
  // Fast path: graphs are almost always stored sorted (every edit keeps them so); one pass over
  // the edges confirms it, and Kahn's algorithm would return the same order.
  if (isSorted(g, producer)) return { order: g.nodes };
  const position = new Map(g.nodes.map((n, i) => [n, i]));
  const pending = new Map<Node, number>();
  const dependents = new Map<Node, Node[]>();
  for (const n of g.nodes) {
    const preds = new Set<Node>();
    for (const d of nodeDependencies(n)) {
      const p = producer.get(d);
      if (p && p !== n) preds.add(p);
      if (p === n) preds.add(n);
    }
    pending.set(n, preds.size);
    for (const p of preds) {
      let list = dependents.get(p);
      if (!list) dependents.set(p, (list = []));
      list.push(n);
    }
  }
  const ready = new MinHeap<Node>((a, b) => position.get(a)! - position.get(b)!);
  for (const [n, count] of pending) if (count === 0) ready.push(n);
  const order: Node[] = [];
  while (ready.size) {
    const n = ready.pop()!;
    order.push(n);
    for (const d of dependents.get(n) ?? []) {
      const left = pending.get(d)! - 1;
      pending.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  if (order.length === g.nodes.length) return { order };
  return { cycle: findCycle(g, new Set(order)) };
}

/** Whether every node comes after the producers of everything it reads (a self-read is not sorted). */
function isSorted(g: Graph, producer: ReadonlyMap<string, Node>): boolean {
  const placed = new Set<Node>();
  for (const n of g.nodes) {
    for (const i of n.inputs) {
      const p = i ? producer.get(i) : undefined;
      if (p && !placed.has(p)) return false;
    }
    if (n.attributes.some((a) => a.type === 'graph' || a.type === 'graphs')) {
      for (const d of nodeDependencies(n)) {
        const p = producer.get(d);
        if (p && !placed.has(p)) return false;
      }
    }
    placed.add(n);
  }
  return true;
}

function findCycle(g: Graph, done: Set<Node>): Node[] {
  const { producer } = indexGraph(g);
  const stuck = g.nodes.filter((n) => !done.has(n));
  // Walk predecessors among stuck nodes until one repeats: that loop is a cycle.
  let cur = stuck[0]!;
  const seen = new Map<Node, number>();
  const path: Node[] = [];
  while (!seen.has(cur)) {
    seen.set(cur, path.length);
    path.push(cur);
    const next = nodeDependencies(cur)
      .map((d) => producer.get(d))
      .find((p): p is Node => p !== undefined && !done.has(p));
    if (!next) break;
    cur = next;
  }
  return path.slice(seen.get(cur) ?? 0).reverse();
}

class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Returns the graph with its nodes in topological order; throws naming a node on a cycle. */
export function sortNodes(g: Graph): Graph {
  const r = topologicalOrder(g);
  if ('cycle' in r) throw new Error(`graph has a cycle through ${r.cycle.map((n) => n.id).join(' -> ')}`);
  if (r.order.every((n, i) => n === g.nodes[i])) return g;
  return { ...g, nodes: r.order };
}

/** Counts nodes by op type (domain-qualified for non-default domains). */
export function opHistogram(g: Graph): Record<string, number> {
  const ops: Record<string, number> = {};
  for (const n of g.nodes) {
    const key = qualifiedOpType(n);
    ops[key] = (ops[key] ?? 0) + 1;
  }
  return ops;
}

export function qualifiedOpType(n: Pick<Node, 'domain' | 'opType'>): string {
  return n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType;
}

/** Opset version the model imports for a domain ('' = ai.onnx), or undefined. */
export function opsetVersion(opsets: readonly { domain: string; version: number }[], domain: string): number | undefined {
  const d = domain === 'ai.onnx' ? '' : domain;
  return opsets.find((o) => (o.domain === 'ai.onnx' ? '' : o.domain) === d)?.version;
}
