// What the canvas marks after a pass: nodes added, nodes rewired, and nodes removed (listed,
// since they are no longer in the graph). Works on the passes' change records only.
import type { Model, Node } from '../../ir/types.ts';
import type { Explanation } from '../../passes/pass.ts';
import type { StepPayload } from '../../workers/protocol.ts';

export interface Highlights {
  readonly added: ReadonlySet<string>;
  readonly rewired: ReadonlySet<string>;
  /** Kept nodes that now read a weight a pass computed (a folded subgraph), marked so the fold shows. */
  readonly newWeightReaders: ReadonlySet<string>;
  /** Nodes of the previous model that are gone, with their op types for the list. */
  readonly removed: readonly Pick<Node, 'id' | 'opType'>[];
  readonly explanations: readonly (Explanation & { readonly passId: string })[];
}

/**
 * Highlights for `steps` applied in order to `before`: a node added by one step and removed by a
 * later one is neither; a node rewired and later removed is only removed.
 */
export function highlightSteps(before: Model, steps: readonly StepPayload[]): Highlights {
  const last = steps[steps.length - 1];
  const afterGraph = (last?.model ?? before).graph;
  const after = new Set(afterGraph.nodes.map((n) => n.id));
  const beforeNodes = new Map(before.graph.nodes.map((n) => [n.id, n]));
  const added = new Set<string>();
  const rewired = new Set<string>();
  for (const step of steps) {
    // A node rewritten in place keeps its id (a Conv become FusedConv): changed, not new.
    for (const id of step.changes.added) if (after.has(id)) (beforeNodes.has(id) ? rewired : added).add(id);
    for (const id of step.changes.rewired) if (after.has(id)) rewired.add(id);
  }
  for (const id of added) rewired.delete(id);
  // A Constant turned into an initializer of the same name looks the same on the canvas (both are
  // weight rows), so only weights with values that were not already constants count as new.
  const wasConstant = new Set(before.graph.nodes.filter((n) => n.opType === 'Constant').flatMap((n) => n.outputs));
  const newWeights = new Set(steps.flatMap((s) => s.changes.initializersAdded).filter((name) => !wasConstant.has(name)));
  const newWeightReaders = new Set<string>();
  for (const n of afterGraph.nodes) {
    if (!added.has(n.id) && !rewired.has(n.id) && n.inputs.some((i) => newWeights.has(i))) newWeightReaders.add(n.id);
  }
  const removed = [...beforeNodes.values()].filter((n) => !after.has(n.id)).map((n) => ({ id: n.id, opType: n.opType }));
  const explanations = steps.flatMap((s) => s.changes.explanations.map((e) => ({ ...e, passId: s.passId })));
  return { added, rewired, newWeightReaders, removed, explanations };
}
