// Which folded nodes become initializers. Only results that something staying in the graph still
// reads (the frontier) are stored; the folded nodes feeding them are left unread, for
// eliminate-dead-code. A stored result must not grow the model: it has to be no larger than the
// constants it leaves unused (those read only inside its cone, the folded nodes it absorbs), or
// fit the small allowance. Declining a frontier node makes what it reads the new frontier, so
// the choice repeats until it is stable.
import { indexGraph } from '../../ir/graph.ts';
import { tensorByteLength } from '../../ir/tensor.ts';
import type { Graph, Node } from '../../ir/types.ts';
import type { NearMiss } from '../pass.ts';
import { formatBytes } from './describe.ts';
import { FOLD_RULES, nearMiss, type Folded } from './fold-node.ts';
import { exceedsGuard } from './size-guard.ts';

export interface SelectionInput {
  readonly graph: Graph;
  readonly folded: ReadonlyMap<string, Folded>;
  /** Every value a node reads, its subgraphs' reads of enclosing values included. */
  readonly readsOf: (n: Node) => readonly string[];
  /** Bytes of this graph's own constants (constant initializers, Constant node values) by value name. */
  readonly rootBytes: ReadonlyMap<string, number>;
}

export interface Selection {
  /** Folded nodes whose results become initializers. */
  readonly stored: readonly Node[];
  /** Folded nodes kept as folded: the stored ones and the ones they absorb. */
  readonly accepted: ReadonlySet<string>;
  /** Values read by nodes that stay or by graph outputs. */
  readonly liveReads: ReadonlySet<string>;
  readonly nearMisses: readonly NearMiss[];
}

export function selectFolds(input: SelectionInput): Selection {
  const g = input.graph;
  const { producer, nodeById } = indexGraph(g);
  const graphOutputs = new Set(g.outputs.map((o) => o.name));
  const readers = new Map<string, Node[]>();
  for (const n of g.nodes) {
    for (const r of new Set(input.readsOf(n))) {
      if (!r) continue;
      const list = readers.get(r);
      if (list) list.push(n);
      else readers.set(r, [n]);
    }
  }
  const accepted = new Set(input.folded.keys());
  const nearMisses = new Map<string, NearMiss>();
  for (;;) {
    const liveReads = new Set(graphOutputs);
    for (const n of g.nodes) if (!accepted.has(n.id)) for (const r of input.readsOf(n)) if (r) liveReads.add(r);
    const frontier = g.nodes.filter((n) => accepted.has(n.id) && n.outputs.some((o) => o && liveReads.has(o)));
    const frontierIds = new Set(frontier.map((n) => n.id));
    const cones = new Map(frontier.map((f) => [f.id, coneOf(f, accepted, frontierIds, producer)]));
    const coneCount = new Map<string, number>();
    for (const cone of cones.values()) for (const id of cone) coneCount.set(id, (coneCount.get(id) ?? 0) + 1);
    const declined = frontier.filter((f) => {
      const cone = cones.get(f.id)!;
      // A constant is freed when only this cone reads it, through nodes no other cone shares.
      let freed = 0;
      const seen = new Set<string>();
      for (const id of cone) {
        for (const value of input.readsOf(nodeById.get(id)!)) {
          const bytes = input.rootBytes.get(value);
          if (bytes === undefined || seen.has(value) || graphOutputs.has(value)) continue;
          seen.add(value);
          if (readers.get(value)!.every((r) => cone.has(r.id) && coneCount.get(r.id) === 1)) freed += bytes;
        }
      }
      const outputs = input.folded.get(f.id)!.outputs;
      const result = f.outputs.reduce((s, o, k) => s + (o && (readers.has(o) || graphOutputs.has(o)) ? tensorByteLength(outputs[k]!) : 0), 0);
      if (!exceedsGuard(f.opType, result, freed)) return false;
      nearMisses.set(f.id, nearMiss(f, FOLD_RULES.guard, `result ${formatBytes(result)} would be larger than the constants it leaves unused (${formatBytes(freed)}); not folded`).miss);
      return true;
    });
    if (!declined.length) return { stored: frontier, accepted, liveReads, nearMisses: [...nearMisses.values()] };
    for (const f of declined) accepted.delete(f.id);
  }
}

/** The frontier node and the folded, unstored nodes upstream of it. */
function coneOf(f: Node, accepted: ReadonlySet<string>, frontier: ReadonlySet<string>, producer: ReadonlyMap<string, Node>): Set<string> {
  const cone = new Set([f.id]);
  const stack = [f];
  while (stack.length) {
    for (const i of stack.pop()!.inputs) {
      const p = i ? producer.get(i) : undefined;
      if (!p || cone.has(p.id) || !accepted.has(p.id) || frontier.has(p.id)) continue;
      cone.add(p.id);
      stack.push(p);
    }
  }
  return cone;
}
