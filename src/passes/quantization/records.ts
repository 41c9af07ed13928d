// Change records of quantization passes that edit a model in stages (raise the opset, then
// quantize): the net difference between the model in and the model out, as the driver's log does.
import { subgraphsOf } from '../../ir/graph.ts';
import type { Graph, Model } from '../../ir/types.ts';
import type { ChangeRecord, Explanation, NearMiss } from '../pass.ts';

function collect(g: Graph, nodes: Set<string>, inits: Set<string>): void {
  for (const t of g.initializers) inits.add(t.name);
  for (const n of g.nodes) {
    nodes.add(n.id);
    for (const sub of subgraphsOf(n)) collect(sub, nodes, inits);
  }
}

export function netRecord(before: Model, after: Model, rewired: readonly string[], explanations: readonly Explanation[], nearMisses: readonly NearMiss[]): ChangeRecord {
  const [a, b] = [before, after].map((m) => {
    const nodes = new Set<string>();
    const inits = new Set<string>();
    collect(m.graph, nodes, inits);
    return { nodes, inits, tensors: new Map(m.graph.initializers.map((t) => [t.name, t])) };
  }) as [{ nodes: Set<string>; inits: Set<string>; tensors: Map<string, unknown> }, { nodes: Set<string>; inits: Set<string>; tensors: Map<string, unknown> }];
  // An initializer replaced under its own name (converted in place) counts as removed and added.
  const replaced = [...b.inits].filter((n) => a.inits.has(n) && a.tensors.get(n) !== b.tensors.get(n));
  return {
    removed: [...a.nodes].filter((id) => !b.nodes.has(id)),
    added: [...b.nodes].filter((id) => !a.nodes.has(id)),
    rewired: rewired.filter((id) => a.nodes.has(id) && b.nodes.has(id)),
    initializersAdded: [...[...b.inits].filter((n) => !a.inits.has(n)), ...replaced],
    initializersRemoved: [...[...a.inits].filter((n) => !b.inits.has(n)), ...replaced],
    explanations,
    nearMisses,
  };
}

export function unchanged(nearMisses: readonly NearMiss[]): ChangeRecord {
  return { removed: [], added: [], rewired: [], initializersAdded: [], initializersRemoved: [], explanations: [], nearMisses };
}
