// eliminate-dead-code: removes nodes none of whose outputs reach a graph output, initializers
// nothing reads, and model-local functions nothing calls (unused-functions.ts). Liveness flows backwards from the graph outputs through node inputs and through
// the values If/Loop/Scan bodies read from the enclosing graph; bodies are cleaned the same way.
//
//   before: w_t = Constant <…>;  w = …;  y = MatMul (x, w)      (nothing reads w_t)
//   after:  w = …;  y = MatMul (x, w)
//
// Graph inputs are never removed. Before IR version 4 every initializer had to be listed as a
// graph input too, so there an unread initializer leaves together with its input entry.
import { InputError } from '../../ir/errors.ts';
import { GraphEditor, NodeIds, mergeEditRecords, withGraph, type EditRecord } from '../../ir/edit.ts';
import { outerScopeReads, subgraphsOf, topologicalOrder } from '../../ir/graph.ts';
import type { Attribute, Graph, Node } from '../../ir/types.ts';
import type { Explanation, NearMiss, Pass } from '../pass.ts';
import { deriveTypes } from '../rewrite/context.ts';
import { describeTensor, formatBytes, tensorBytes } from '../support/describe.ts';
import { unusedFunctions } from './unused-functions.ts';

const RULE = {
  node: 'eliminate-dead-code/unused-node',
  initializer: 'eliminate-dead-code/unused-initializer',
  function: 'eliminate-dead-code/unused-function',
  input: 'eliminate-dead-code/unused-input',
} as const;

interface Env {
  readonly ids: NodeIds;
  readonly irVersion: number;
}

interface GraphSweep {
  readonly graph: Graph;
  readonly record: EditRecord;
  readonly explanations: readonly Explanation[];
  readonly nearMisses: readonly NearMiss[];
}

function sweepSubgraphs(n: Node, env: Env, nested: GraphSweep[]): readonly Attribute[] {
  let changed = false;
  const sweep = (g: Graph) => {
    const r = sweepGraph(g, env, false);
    nested.push(r);
    if (r.graph !== g) changed = true;
    return r.graph;
  };
  const attributes = n.attributes.map((a): Attribute => {
    if (a.type === 'graph') return { ...a, value: sweep(a.value) };
    if (a.type === 'graphs') return { ...a, value: a.value.map(sweep) };
    return a;
  });
  return changed ? attributes : n.attributes;
}

function plural(names: readonly string[], one: string, many: string): string {
  return names.length === 1 ? `${one} ${names[0]}` : `${many} ${names.join(', ')}`;
}

function sweepGraph(g: Graph, env: Env, isMain: boolean): GraphSweep {
  const sorted = topologicalOrder(g);
  if ('cycle' in sorted) throw new InputError(`graph '${g.name}' has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);
  const live = new Set(g.outputs.map((o) => o.name));
  const read = new Set(live);
  const dead = new Set<string>();
  const newAttributes = new Map<string, readonly Attribute[]>();
  const nested: GraphSweep[] = [];
  for (const n of [...sorted.order].reverse()) {
    const reads = [...n.inputs, ...subgraphsOf(n).flatMap((s) => [...outerScopeReads(s)])];
    for (const r of reads) if (r) read.add(r);
    // A node without outputs can influence nothing we can see; keep it rather than guess.
    const outputs = n.outputs.filter((o) => o);
    if (outputs.length && !outputs.some((o) => live.has(o))) {
      dead.add(n.id);
      continue;
    }
    const attributes = subgraphsOf(n).length ? sweepSubgraphs(n, env, nested) : n.attributes;
    if (attributes !== n.attributes) newAttributes.set(n.id, attributes);
    const subReads = attributes.flatMap((a) => (a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [])).flatMap((s) => [...outerScopeReads(s)]);
    for (const r of [...n.inputs, ...subReads]) if (r) live.add(r);
  }

  const editor = new GraphEditor(g, env.ids);
  const explanations: Explanation[] = [];
  for (const n of g.nodes) {
    if (newAttributes.has(n.id)) editor.setAttributes(n.id, newAttributes.get(n.id)!);
    if (!dead.has(n.id)) continue;
    editor.removeNode(n.id);
    const outputs = n.outputs.filter((o) => o);
    const why = outputs.some((o) => read.has(o)) ? 'only feed' + (outputs.length === 1 ? 's' : '') + ' nodes that are removed too' : `${outputs.length === 1 ? 'is' : 'are'} never read`;
    explanations.push({ rule: RULE.node, message: `removed ${n.opType} ${n.id}: its ${plural(outputs, 'output', 'outputs')} ${why}`, matched: [n.id], produced: [] });
  }
  const inputs = new Set(g.inputs.map((v) => v.name));
  // Since IR 4 an initializer that is also an input is that input's default: the input stays, so must it.
  const keepsInput = isMain && env.irVersion >= 4;
  const unread = g.initializers.filter((t) => !live.has(t.name) && !(keepsInput && inputs.has(t.name)));
  const nearMisses: NearMiss[] = [];
  if (isMain) {
    const initializers = new Set(g.initializers.map((t) => t.name));
    for (const v of g.inputs) {
      if (live.has(v.name) || (initializers.has(v.name) && !keepsInput)) continue;
      const what = initializers.has(v.name) ? 'graph input (with a default initializer)' : 'graph input';
      nearMisses.push({ rule: RULE.input, nodeId: '', value: v.name, reason: `kept ${what} ${v.name} although nothing reads it: inputs are part of the model's interface` });
    }
  }
  for (const t of unread) {
    editor.removeInitializer(t.name);
    const alsoInput = inputs.has(t.name) ? ' (with its graph input entry, which IR version 3 requires for every initializer)' : '';
    explanations.push({ rule: RULE.initializer, message: `removed initializer ${describeTensor(t)} (${formatBytes(tensorBytes(t))})${alsoInput}: nothing reads it`, matched: [], produced: [] });
  }
  let { graph, record } = editor.apply();
  const droppedInputs = new Set(unread.filter((t) => inputs.has(t.name)).map((t) => t.name));
  if (droppedInputs.size) graph = { ...graph, inputs: graph.inputs.filter((v) => !droppedInputs.has(v.name)) };
  return {
    graph,
    record: mergeEditRecords([record, ...nested.map((r) => r.record)]),
    explanations: [...explanations, ...nested.flatMap((r) => r.explanations)],
    nearMisses: [...nearMisses, ...nested.flatMap((r) => r.nearMisses)],
  };
}

export const eliminateDeadCode: Pass = {
  id: 'eliminate-dead-code',
  title: 'Eliminate dead code',
  description: 'Removes nodes whose results never reach a graph output, initializers nothing reads, and model-local functions nothing calls.',
  run(model) {
    const r = sweepGraph(model.graph, { ids: new NodeIds(model), irVersion: model.irVersion }, true);
    let result = withGraph(model, r.graph);
    const unused = unusedFunctions(result);
    if (unused.length) result = { ...result, functions: result.functions.filter((f) => !unused.includes(f)) };
    const dropped = unused.map((f) => ({
      rule: RULE.function,
      message: `removed model-local function ${f.domain}.${f.name}${f.overload ? `:${f.overload}` : ''}: no node calls it any more`,
      matched: [],
      produced: [],
    }));
    deriveTypes(result, model); // removing nodes changes no remaining value's type (rewrite/context.ts)
    return { model: result, changes: { ...r.record, explanations: [...r.explanations, ...dropped], nearMisses: r.nearMisses } };
  },
};
