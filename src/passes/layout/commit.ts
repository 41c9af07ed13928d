// Writes a WorkGraph's final state back through GraphEditor. A node that now only reads other
// values keeps its id when each change is a whole-value replacement (the old value's producer is
// gone and every reader moved to the same new value): the editor's replaceUses says exactly that.
// Other changed nodes are replaced by their new form (a fresh id, provenance pointing at the old
// one); new nodes and the initializers still read are added; graph outputs keep their names.
import { GraphEditor, NodeIds, type EditRecord } from '../../ir/edit.ts';
import { indexGraph } from '../../ir/graph.ts';
import type { Graph } from '../../ir/types.ts';
import type { WNode, WorkGraph } from './work-graph.ts';

/** Marks the rewired nodes that keep their ids; returns the value replacements that rewire them. */
export function planReplacements(wg: WorkGraph): Map<string, string> {
  const g = wg.model.graph;
  const { consumers, producer } = indexGraph(g);
  const graphOutputs = new Set(g.outputs.map((o) => o.name));
  const proposed = new Map<string, string | null>();
  const candidates: WNode[] = [];
  for (const n of wg.nodes) {
    if (!n.original || n.removed || n.rebuilt || !n.rewired) continue;
    candidates.push(n);
    n.original.inputs.forEach((old, k) => {
      const now = n.inputs[k]!;
      if (old === now) return;
      const prior = proposed.get(old);
      proposed.set(old, prior === undefined || prior === now ? now : null);
    });
  }
  const valid = new Map<string, boolean>();
  const isValid = (old: string): boolean => {
    let ok = valid.get(old);
    if (ok !== undefined) return ok;
    const now = proposed.get(old);
    const p = producer.get(old);
    ok = !!now && !!p && wg.node(p.id)!.removed && !graphOutputs.has(old);
    ok &&= (consumers.get(old) ?? []).every((r) => {
      const w = wg.node(r.id)!;
      return w.removed || r.inputs.every((i, k) => i !== old || w.inputs[k] === now);
    });
    valid.set(old, ok);
    return ok;
  };
  const used = new Map<string, string>();
  for (const n of candidates) {
    const changes = n.original!.inputs.filter((old, k) => old !== n.inputs[k]);
    if (!changes.every(isValid)) continue;
    n.keepsId = true;
    for (const old of changes) used.set(old, proposed.get(old)!);
  }
  return used;
}

export function commitWorkGraph(wg: WorkGraph, replacements: ReadonlyMap<string, string>): { graph: Graph; record: EditRecord } {
  const g = wg.model.graph;
  const editor = new GraphEditor(g, new NodeIds(wg.model));
  for (const n of wg.nodes) {
    const spec = { opType: n.opType, domain: n.domain, inputs: n.inputs, outputs: n.outputs, attributes: n.attributes };
    if (n.original) {
      if (n.removed) editor.removeNode(n.id);
      else if (wg.replaced(n)) editor.removeNode(n.id).insertNode({ ...spec, id: wg.idOf(n), provenance: [n.id, ...n.provenance] });
    } else if (!n.removed) {
      editor.insertNode({ ...spec, id: n.id, provenance: n.provenance });
    }
  }
  for (const [old, now] of replacements) editor.replaceUses(old, now);
  for (const t of wg.newInitializers.values()) if (wg.isRead(t.name)) editor.addInitializer(t);
  for (const name of wg.removedInitializers) editor.removeInitializer(name);
  g.outputs.forEach((o, k) => {
    if (wg.outputs[k] !== o.name) editor.replaceUses(o.name, wg.outputs[k]!);
  });
  return editor.apply();
}
