// Stable node ids, the one rule for importModel and the text parser (so a model keeps its ids
// through export -> import and print -> parse): a node's own name when no earlier node took it,
// else `<name or op>_<k>` avoiding every node name in the model. Order: the main graph's nodes,
// each followed by the nodes of its subgraphs, then the functions' attribute defaults and nodes.
import type { Attribute, Graph, Model, Node } from './types.ts';

class IdAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly reserved: ReadonlySet<string>) {}

  next(name: string, opType: string): string {
    if (name && !this.used.has(name)) {
      this.used.add(name);
      return name;
    }
    const stem = name || opType;
    for (let k = 0; ; k++) {
      const id = `${stem}_${k}`;
      if (!this.used.has(id) && !this.reserved.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

function subgraphs(a: Attribute): readonly Graph[] {
  if (a.refAttrName) return [];
  if (a.type === 'graph') return [a.value];
  if (a.type === 'graphs') return a.value;
  return [];
}

function collectNames(nodes: readonly Node[], out: Set<string>): void {
  for (const n of nodes) {
    if (n.name) out.add(n.name);
    for (const a of n.attributes) for (const g of subgraphs(a)) collectNames(g.nodes, out);
  }
}

function attributesWithIds(attributes: readonly Attribute[], ids: IdAllocator): Attribute[] {
  return attributes.map((a): Attribute => {
    if (a.refAttrName) return a;
    if (a.type === 'graph') return { ...a, value: { ...a.value, nodes: withIds(a.value.nodes, ids) } };
    if (a.type === 'graphs') return { ...a, value: a.value.map((g) => ({ ...g, nodes: withIds(g.nodes, ids) })) };
    return a;
  });
}

function withIds(nodes: readonly Node[], ids: IdAllocator): Node[] {
  return nodes.map((n) => {
    const id = ids.next(n.name, n.opType);
    if (!n.attributes.some((a) => subgraphs(a).length)) return { ...n, id };
    return { ...n, id, attributes: attributesWithIds(n.attributes, ids) };
  });
}

export function assignNodeIds(model: Model): Model {
  const reserved = new Set<string>();
  collectNames(model.graph.nodes, reserved);
  for (const f of model.functions) collectNames(f.nodes, reserved);
  const ids = new IdAllocator(reserved);
  const graph = { ...model.graph, nodes: withIds(model.graph.nodes, ids) };
  // importModel reads a function's attribute defaults (which may hold graphs) before its nodes.
  const functions = model.functions.map((f) => {
    const attributeDefaults = attributesWithIds(f.attributeDefaults, ids);
    return { ...f, attributeDefaults, nodes: withIds(f.nodes, ids) };
  });
  return { ...model, graph, functions };
}
