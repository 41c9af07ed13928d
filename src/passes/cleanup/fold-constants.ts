// fold-constants: computes, ahead of time, every node whose inputs are all known before the model
// runs (initializers, Constant nodes, earlier folded results, and shapes that inference proves
// static) and stores the result as an initializer named after the node's output.
//
//   before: w_t = Constant <value = float[64,128] …>;  w = Transpose <perm = [1,0]> (w_t);  y = MatMul (x, w)
//   after:  initializer w: float[128,64];               y = MatMul (x, w)        (w_t is now dead)
//
// Only nodes whose results are still read by a node that stays are replaced; the chain feeding
// them (Shape → Gather → Unsqueeze → Concat) is left unread for eliminate-dead-code. The model
// never grows: see support/size-guard.ts (evaluation) and support/fold-selection.ts (storage).
// Nodes with subgraphs are not folded, but their bodies are, with the enclosing constants in view.
import { InputError } from '../../ir/errors.ts';
import { GraphEditor, NodeIds, mergeEditRecords, withGraph, type EditRecord } from '../../ir/edit.ts';
import { indexGraph, outerScopeReads, subgraphsOf, topologicalOrder } from '../../ir/graph.ts';
import { tensorByteLength } from '../../ir/tensor.ts';
import type { Attribute, Graph, Node, Tensor } from '../../ir/types.ts';
import { NO_CHANGES, type Explanation, type NearMiss, type Pass } from '../pass.ts';
import { deriveTypes, modelTypes } from '../rewrite/context.ts';
import { constantInitializers, defaultOpset } from '../support/constant-values.ts';
import { describeAttributes, describeTensor, listOf } from '../support/describe.ts';
import { foldNode, FOLD_RULES, nodeLabel, type FoldEnv, type Folded } from '../support/fold-node.ts';
import { selectFolds } from '../support/fold-selection.ts';

interface Env extends FoldEnv {
  readonly irVersion: number;
  readonly ids: NodeIds;
}

interface GraphFold {
  readonly graph: Graph;
  readonly record: EditRecord;
  readonly explanations: readonly Explanation[];
  readonly nearMisses: readonly NearMiss[];
}

/** Folds inside a node's subgraphs; returns their new attributes when anything changed. */
function foldSubgraphs(n: Node, constants: ReadonlyMap<string, Tensor>, env: Env, nested: GraphFold[]): Attribute[] | undefined {
  let changed = false;
  const fold = (g: Graph) => {
    const r = foldGraph(g, constants, env, false);
    nested.push(r);
    if (r.graph !== g) changed = true;
    return r.graph;
  };
  const attributes = n.attributes.map((a): Attribute => {
    if (a.type === 'graph') return { ...a, value: fold(a.value) };
    if (a.type === 'graphs') return { ...a, value: a.value.map(fold) };
    return a;
  });
  return changed ? attributes : undefined;
}

function subgraphsIn(attributes: readonly Attribute[]): Graph[] {
  return attributes.flatMap((a) => (a.type === 'graph' ? [a.value] : a.type === 'graphs' ? [...a.value] : []));
}

function foldGraph(g: Graph, outer: ReadonlyMap<string, Tensor>, env: Env, isMain: boolean): GraphFold {
  const constants = new Map(outer);
  // This graph's own constants: what folding here can leave unused (outer ones stay regardless).
  const rootBytes = new Map<string, number>();
  for (const t of constantInitializers(g, env.irVersion, isMain)) {
    constants.set(t.name, t);
    rootBytes.set(t.name, tensorByteLength(t));
  }
  const sorted = topologicalOrder(g);
  if ('cycle' in sorted) throw new InputError(`graph '${g.name}' has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);

  const folded = new Map<string, Folded>();
  const constantNodes = new Map<string, Tensor>();
  const newAttributes = new Map<string, Attribute[]>();
  const nested: GraphFold[] = [];
  const nearMisses: NearMiss[] = [];
  for (const n of sorted.order) {
    if (subgraphsOf(n).length) {
      const attributes = foldSubgraphs(n, constants, env, nested);
      if (attributes) newAttributes.set(n.id, attributes);
      continue;
    }
    const outcome = foldNode(n, constants, env);
    if (!outcome) continue;
    if ('miss' in outcome) {
      nearMisses.push(outcome.miss);
      continue;
    }
    outcome.folded.outputs.forEach((t, k) => n.outputs[k] && constants.set(n.outputs[k]!, t));
    if (n.opType === 'Constant') {
      constantNodes.set(n.id, outcome.folded.outputs[0]!);
      rootBytes.set(n.outputs[0]!, tensorByteLength(outcome.folded.outputs[0]!));
    } else {
      folded.set(n.id, outcome.folded);
    }
  }

  const reads = new Map<string, readonly string[]>();
  const readsOf = (n: Node) => {
    let r = reads.get(n.id);
    if (!r) reads.set(n.id, (r = [...n.inputs, ...subgraphsIn(newAttributes.get(n.id) ?? n.attributes).flatMap((s) => [...outerScopeReads(s)])]));
    return r;
  };
  const selection = selectFolds({ graph: g, folded, readsOf, rootBytes });
  const anyReads = new Set(g.outputs.map((o) => o.name));
  for (const n of g.nodes) for (const r of readsOf(n)) anyReads.add(r);

  const editor = new GraphEditor(g, env.ids);
  for (const [id, attributes] of newAttributes) editor.setAttributes(id, attributes);
  const stored = new Set(selection.stored.map((n) => n.id));
  const explanations: Explanation[] = [];
  for (const n of g.nodes) {
    const constant = constantNodes.get(n.id);
    const replace = stored.has(n.id) || (constant && n.outputs.some((o) => selection.liveReads.has(o)));
    if (!replace) continue;
    const f = folded.get(n.id);
    const values = f ? f.outputs : [constant!];
    editor.removeNode(n.id);
    const made: Tensor[] = [];
    n.outputs.forEach((o, k) => {
      if (!o || !anyReads.has(o)) return;
      const t = values[k]!.name === o ? values[k]! : { ...values[k]!, name: o };
      editor.addInitializer(t);
      made.push(t);
    });
    if (!f) {
      explanations.push({ rule: FOLD_RULES.constant, message: `Constant ${n.id} became initializer ${made.map(describeTensor).join(', ')}`, matched: [n.id], produced: [] });
      continue;
    }
    const via = foldedAncestors(g, n, selection.accepted, stored);
    const shapes = via.map((v) => folded.get(v.id)!.staticShapeOf).filter((x): x is string => x !== undefined);
    const from = shapes.length ? ` from the static shape${shapes.length === 1 ? '' : 's'} of ${listOf(shapes, 2)}` : '';
    const through = via.length ? `, computed${from} through ${listOf(via.map(nodeLabel))}` : '';
    const into = `initializer${made.length === 1 ? '' : 's'} ${made.map(describeTensor).join(', ')}`;
    const message = `folded ${nodeLabel(n)}${describeAttributes(n)} of ${f.sources.join(', ') || 'no inputs'}${through} into ${into}`;
    explanations.push({ rule: FOLD_RULES.evaluate, message, matched: [n.id, ...via.map((v) => v.id)], produced: [] });
  }
  const { graph, record } = editor.apply();
  return {
    graph: isMain && env.irVersion < 4 ? listInitializersAsInputs(graph, g) : graph,
    record: mergeEditRecords([record, ...nested.map((r) => r.record)]),
    explanations: [...explanations, ...nested.flatMap((r) => r.explanations)],
    nearMisses: [...nearMisses, ...selection.nearMisses, ...nested.flatMap((r) => r.nearMisses)],
  };
}

/** Before IR version 4 every initializer must also be a graph input: list the new ones. */
function listInitializersAsInputs(graph: Graph, before: Graph): Graph {
  if (graph === before) return graph;
  const listed = new Set(graph.inputs.map((v) => v.name));
  const added = graph.initializers.filter((t) => !listed.has(t.name));
  if (!added.length) return graph;
  return { ...graph, inputs: [...graph.inputs, ...added.map((t) => ({ name: t.name, type: { kind: 'tensor' as const, dtype: t.dtype, shape: t.dims } }))] };
}

/** Folded nodes upstream of `n` that stay in place only because `n` consumed them. */
function foldedAncestors(g: Graph, n: Node, accepted: ReadonlySet<string>, replaced: ReadonlySet<string>): Node[] {
  const { producer } = indexGraph(g);
  const seen = new Set<string>();
  const out: Node[] = [];
  const visit = (m: Node) => {
    for (const i of m.inputs) {
      const p = i ? producer.get(i) : undefined;
      if (!p || seen.has(p.id) || !accepted.has(p.id) || replaced.has(p.id)) continue;
      seen.add(p.id);
      visit(p);
      out.push(p);
    }
  };
  visit(n);
  return out;
}

export const foldConstants: Pass = {
  id: 'fold-constants',
  title: 'Fold constants',
  description: 'Computes nodes whose inputs are known before the model runs and stores their results as initializers.',
  run(model, ctx = {}) {
    const opset = defaultOpset(model);
    if (opset === undefined) {
      ctx.log?.('fold-constants: the model imports no ONNX opset; nothing folded');
      return { model, changes: NO_CHANGES };
    }
    const env: Env = { opset, irVersion: model.irVersion, types: modelTypes(model, ctx.log), ids: new NodeIds(model) };
    const r = foldGraph(model.graph, new Map(), env, true);
    const result = withGraph(model, r.graph);
    deriveTypes(result, model); // a folded value keeps its type as an initializer (rewrite/context.ts)
    return { model: result, changes: { ...r.record, explanations: r.explanations, nearMisses: r.nearMisses } };
  },
};
