// Structural validation. Every problem names the node it is about and the reason, so the app can
// select that node and the CLI can print one useful line. Unknown ops are warnings: the model
// still loads and displays, with those nodes marked unsupported.
import { InputError } from './errors.ts';
import { qualifiedOpType, subgraphsOf, topologicalOrder } from './graph.ts';
import { lookupOp } from './ops/registry.ts';
import type { Graph, Model, Node } from './types.ts';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly nodeId?: string;
}

function describe(n: Node): string {
  return `node '${n.id}' (${qualifiedOpType(n)})`;
}

function range([min, max]: readonly [number, number]): string {
  if (min === max) return String(min);
  return max === Infinity ? `at least ${min}` : `${min} to ${max}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Ids of nodes whose op Kiln has no schema for (shown as unsupported in the app). */
export function unknownOps(model: Model): Set<string> {
  const local = new Set(model.functions.map((f) => `${f.domain}::${f.name}`));
  const out = new Set<string>();
  const visit = (g: Graph) => {
    for (const n of g.nodes) {
      if (!lookupOp(n.domain, n.opType) && !local.has(`${n.domain}::${n.opType}`)) out.add(n.id);
      for (const sub of subgraphsOf(n)) visit(sub);
    }
  };
  visit(model.graph);
  return out;
}

export function validateModel(model: Model): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const imported = new Set(model.opsetImports.map((o) => (o.domain === 'ai.onnx' ? '' : o.domain)));
  const local = new Set(model.functions.map((f) => `${f.domain}::${f.name}`));
  const unknown = unknownOps(model);
  const seenNodeNames = new Set<string>();

  const checkGraph = (g: Graph, outer: ReadonlySet<string>) => {
    const defined = new Set<string>(outer);
    const producedHere = new Map<string, Node>();
    for (const v of g.inputs) defined.add(v.name);
    for (const t of g.initializers) defined.add(t.name);

    for (const n of g.nodes) {
      if (n.name) {
        if (seenNodeNames.has(n.name)) diagnostics.push({ severity: 'warning', nodeId: n.id, message: `${describe(n)}: node name '${n.name}' is used by another node; Kiln calls this one '${n.id}'` });
        seenNodeNames.add(n.name);
      }
      for (const o of n.outputs) {
        if (!o) continue;
        const first = producedHere.get(o);
        if (first) diagnostics.push({ severity: 'error', nodeId: n.id, message: `${describe(n)}: output '${o}' is also produced by node '${first.id}' (value names must be unique)` });
        else if (defined.has(o) && !outer.has(o)) diagnostics.push({ severity: 'error', nodeId: n.id, message: `${describe(n)}: output '${o}' has the same name as a graph input or initializer` });
        if (!first) producedHere.set(o, n);
      }
    }
    for (const o of producedHere.keys()) defined.add(o);

    for (const n of g.nodes) {
      if (n.domain !== '' && !imported.has(n.domain) && !local.has(`${n.domain}::${n.opType}`)) {
        diagnostics.push({ severity: 'error', nodeId: n.id, message: `${describe(n)}: domain '${n.domain}' is not in the model's opset imports` });
      }
      if (!n.opType) diagnostics.push({ severity: 'error', nodeId: n.id, message: `node '${n.id}' has no op type` });
      for (const i of n.inputs) {
        if (i && !defined.has(i)) diagnostics.push({ severity: 'error', nodeId: n.id, message: `${describe(n)}: input '${i}' has no producer (not a graph input, initializer or node output)` });
      }
      const schema = lookupOp(n.domain, n.opType);
      if (schema) {
        const inputs = lastPresent(n.inputs);
        const outputs = lastPresent(n.outputs);
        if (inputs < schema.inputs[0] || inputs > schema.inputs[1]) {
          diagnostics.push({ severity: 'error', nodeId: n.id, message: `${describe(n)}: has ${plural(inputs, 'input')}, ${n.opType} takes ${range(schema.inputs)}` });
        }
        if (outputs < schema.outputs[0] || outputs > schema.outputs[1]) {
          diagnostics.push({ severity: 'error', nodeId: n.id, message: `${describe(n)}: has ${plural(outputs, 'output')}, ${n.opType} gives ${range(schema.outputs)}` });
        }
      } else if (unknown.has(n.id)) {
        diagnostics.push({ severity: 'warning', nodeId: n.id, message: `${describe(n)}: unknown operator; it is shown but Kiln cannot infer, optimize or run it` });
      }
      for (const sub of subgraphsOf(n)) checkGraph(sub, defined);
    }

    for (const o of g.outputs) {
      if (!defined.has(o.name)) diagnostics.push({ severity: 'error', message: `graph output '${o.name}' of graph '${g.name}' is never produced` });
    }

    const topo = topologicalOrder(g);
    if ('cycle' in topo) {
      const ids = topo.cycle.map((n) => n.id);
      diagnostics.push({ severity: 'error', nodeId: ids[0], message: `cycle: ${[...ids, ids[0]].join(' -> ')}` });
    }
  };

  checkGraph(model.graph, new Set());
  return diagnostics;
}

/** Count up to the last non-empty name: trailing omitted optionals don't count. */
function lastPresent(names: readonly string[]): number {
  let k = names.length;
  while (k > 0 && names[k - 1] === '') k--;
  return k;
}

/** Throws an InputError with the first error, naming its node; returns the warnings. */
export function assertValidModel(model: Model): Diagnostic[] {
  const diagnostics = validateModel(model);
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) throw new InputError(`invalid model: ${error.message}`, error.nodeId);
  return diagnostics.filter((d) => d.severity === 'warning');
}
