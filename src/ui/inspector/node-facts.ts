// What the inspector lists for one node, gathered from the graph: each input and output with its
// type, and the weights it reads (initializers, or Constant nodes' tensors).
import { indexGraph } from '../../ir/graph.ts';
import type { Graph, Node, Tensor, ValueType } from '../../ir/types.ts';

export interface ValueRow {
  readonly name: string;
  readonly type: ValueType | undefined;
  readonly role: 'value' | 'initializer' | 'constant' | 'omitted';
}

export interface WeightFact {
  readonly valueName: string;
  readonly tensor: Tensor;
  /** The Constant node holding it, when it is not an initializer. */
  readonly constantNodeId?: string;
}

export interface NodeFacts {
  readonly inputs: readonly ValueRow[];
  readonly outputs: readonly ValueRow[];
  readonly weights: readonly WeightFact[];
}

function constantTensor(n: Node | undefined): Tensor | undefined {
  if (!n || n.opType !== 'Constant') return undefined;
  const a = n.attributes.find((x) => x.name === 'value');
  return a?.type === 'tensor' ? a.value : undefined;
}

export function nodeFacts(g: Graph, node: Node, types: ReadonlyMap<string, ValueType>): NodeFacts {
  const index = indexGraph(g);
  const weights: WeightFact[] = [];
  const seen = new Set<string>();
  const inputs = node.inputs.map((name): ValueRow => {
    if (!name) return { name, type: undefined, role: 'omitted' };
    const init = index.initializer.get(name);
    const producer = index.producer.get(name);
    const constant = constantTensor(producer);
    if (!seen.has(name)) {
      seen.add(name);
      if (init) weights.push({ valueName: name, tensor: init });
      else if (constant && producer) weights.push({ valueName: name, tensor: constant, constantNodeId: producer.id });
    }
    const type = types.get(name) ?? index.declaredType.get(name);
    return { name, type, role: init ? 'initializer' : constant ? 'constant' : 'value' };
  });
  const outputs = node.outputs.map((name): ValueRow => (name ? { name, type: types.get(name) ?? index.declaredType.get(name), role: 'value' } : { name, type: undefined, role: 'omitted' }));
  return { inputs, outputs, weights };
}
