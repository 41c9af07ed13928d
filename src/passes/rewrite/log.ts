// Collects what a rule pass did, and turns it into the pass's ChangeRecord: net node and
// initializer changes (a node added in one sweep and fused away in the next is neither), the
// explanations in the order rewrites happened, and the near misses still relevant at the end.
// Node changes come from the edit records of every sweep, checked against the node ids of the
// input and the result: a rewrite may give its new node the id of the node it replaced.
import type { EditRecord } from '../../ir/edit.ts';
import { subgraphsOf } from '../../ir/graph.ts';
import type { Graph, Model } from '../../ir/types.ts';
import type { ChangeRecord, Explanation, NearMiss } from '../pass.ts';

/** Every node id of the model, depth first (a node, then the nodes of its subgraphs). */
function nodeIds(g: Graph, out: string[] = []): string[] {
  for (const n of g.nodes) {
    out.push(n.id);
    for (const sub of subgraphsOf(n)) nodeIds(sub, out);
  }
  return out;
}

function initializerNames(g: Graph, out: Set<string> = new Set()): Set<string> {
  for (const t of g.initializers) out.add(t.name);
  for (const n of g.nodes) for (const sub of subgraphsOf(n)) initializerNames(sub, out);
  return out;
}

/** `ids` in the model's depth-first node order (the main graph's order when all are there). */
function inModelOrder(m: Model, ids: ReadonlySet<string>): string[] {
  if (!ids.size) return [];
  const main = m.graph.nodes.filter((n) => ids.has(n.id)).map((n) => n.id);
  return main.length === ids.size ? main : nodeIds(m.graph).filter((id) => ids.has(id));
}

export class RewriteLog {
  private readonly explanations: Explanation[] = [];
  private readonly misses = new Map<string, NearMiss>();
  private readonly rewired = new Set<string>();
  private readonly removedIds = new Set<string>();
  private readonly addedIds = new Set<string>();

  explain(e: Explanation): void {
    this.explanations.push(e);
  }

  miss(rule: string, nodeId: string, reason: string): void {
    this.misses.set(`${rule}\u0000${nodeId}`, { rule, nodeId, reason });
  }

  record(r: EditRecord): void {
    for (const id of r.rewired) this.rewired.add(id);
    for (const id of r.removed) this.removedIds.add(id);
    for (const id of r.added) this.addedIds.add(id);
  }

  finish(before: Model, after: Model): ChangeRecord {
    if (before === after) return { removed: [], added: [], rewired: [], initializersAdded: [], initializersRemoved: [], explanations: [], nearMisses: [...this.misses.values()] };
    // A node added by one sweep and removed by a later one is neither. A node of the input that a
    // rewrite replaced under its own id (a Conv become FusedConv) is both: removed, and added anew.
    const [beforeIds, afterIds] = [new Set(nodeIds(before.graph)), new Set(nodeIds(after.graph))];
    const removed = new Set([...this.removedIds].filter((id) => beforeIds.has(id)));
    const added = new Set([...this.addedIds].filter((id) => afterIds.has(id)));
    const [a, b] = [initializerNames(before.graph), initializerNames(after.graph)];
    const present = (id: string) => afterIds.has(id);
    return {
      removed: inModelOrder(before, removed),
      added: inModelOrder(after, added),
      rewired: [...this.rewired].filter((id) => !this.addedIds.has(id) && !this.removedIds.has(id) && afterIds.has(id)),
      initializersAdded: [...b].filter((n) => !a.has(n)),
      initializersRemoved: [...a].filter((n) => !b.has(n)),
      explanations: this.explanations,
      // A near miss about a node that a later rewrite consumed no longer explains anything.
      nearMisses: [...this.misses.values()].filter((m) => present(m.nodeId)),
    };
  }
}
