// Which tensors the printer may elide, and the key each is found under when the text is parsed
// back. A weight is any tensor with data: graph initializers and the tensors held by attributes
// (Constant values: PaddlePaddle and Caffe2 exports keep all their weights there), in every graph,
// subgraph and function. The key is the tensor's name; a name that is empty or used by an earlier
// tensor gets `name#k` instead, and the printer then writes the key out (`... "name#1"`).
import type { Attribute, Graph, Model, Node, Tensor } from '../types.ts';

export interface WeightEntry {
  readonly key: string;
  readonly tensor: Tensor;
}

function attributeTensors(a: Attribute): readonly Tensor[] {
  if (a.refAttrName) return [];
  if (a.type === 'tensor') return [a.value];
  if (a.type === 'tensors') return a.value;
  return [];
}

function visitNodes(nodes: readonly Node[], visit: (t: Tensor) => void): void {
  for (const n of nodes) {
    for (const a of n.attributes) {
      for (const t of attributeTensors(a)) visit(t);
      if (a.refAttrName) continue;
      if (a.type === 'graph') visitGraph(a.value, visit);
      if (a.type === 'graphs') for (const g of a.value) visitGraph(g, visit);
    }
  }
}

function visitGraph(g: Graph, visit: (t: Tensor) => void): void {
  for (const t of g.initializers) visit(t);
  visitNodes(g.nodes, visit);
}

/** Every weight of the model with its key, in printing order. */
export function listWeights(model: Model): WeightEntry[] {
  const entries: WeightEntry[] = [];
  const seen = new Map<string, number>();
  const visit = (tensor: Tensor) => {
    const k = seen.get(tensor.name) ?? 0;
    seen.set(tensor.name, k + 1);
    entries.push({ key: k === 0 && tensor.name ? tensor.name : `${tensor.name}#${k}`, tensor });
  };
  visitGraph(model.graph, visit);
  for (const f of model.functions) {
    for (const a of f.attributeDefaults) for (const t of attributeTensors(a)) visit(t);
    visitNodes(f.nodes, visit);
  }
  return entries;
}

/** The `weights` option for parseModel that resolves every tensor `printModel(model)` elides. */
export function collectWeights(model: Model): Map<string, Tensor> {
  return new Map(listWeights(model).map((e) => [e.key, e.tensor]));
}
