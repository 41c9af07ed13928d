// Collects what a rule pass did, and turns it into the pass's ChangeRecord: net node and
// initializer changes (a node added in one sweep and fused away in the next is neither), the
// explanations in the order rewrites happened, and the near misses still relevant at the end.
import type { EditRecord } from '../../ir/edit.ts';
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

function contents(m: Model): { nodes: Set<string>; inits: Set<string> } {
  const nodes = new Set<string>();
  const inits = new Set<string>();
  collect(m.graph, nodes, inits);
  return { nodes, inits };
}

export class RewriteLog {
  private readonly explanations: Explanation[] = [];
  private readonly misses = new Map<string, NearMiss>();
  private readonly rewired = new Set<string>();

  explain(e: Explanation): void {
    this.explanations.push(e);
  }

  miss(rule: string, nodeId: string, reason: string): void {
    this.misses.set(`${rule}\u0000${nodeId}`, { rule, nodeId, reason });
  }

  record(r: EditRecord): void {
    for (const id of r.rewired) this.rewired.add(id);
  }

  finish(before: Model, after: Model): ChangeRecord {
    if (before === after) return { removed: [], added: [], rewired: [], initializersAdded: [], initializersRemoved: [], explanations: [], nearMisses: [...this.misses.values()] };
    const a = contents(before);
    const b = contents(after);
    return {
      removed: [...a.nodes].filter((id) => !b.nodes.has(id)),
      added: [...b.nodes].filter((id) => !a.nodes.has(id)),
      rewired: [...this.rewired].filter((id) => a.nodes.has(id) && b.nodes.has(id)),
      initializersAdded: [...b.inits].filter((n) => !a.inits.has(n)),
      initializersRemoved: [...a.inits].filter((n) => !b.inits.has(n)),
      explanations: this.explanations,
      // A near miss about a node that a later rewrite consumed no longer explains anything.
      nearMisses: [...this.misses.values()].filter((m) => b.nodes.has(m.nodeId)),
    };
  }
}
