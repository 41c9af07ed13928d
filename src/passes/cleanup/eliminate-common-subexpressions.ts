// eliminate-common-subexpressions: a value computed twice is computed once. Identical constants
// (initializers and Constant nodes with the same dtype, dims and bytes) become one, then, in
// topological order, a node with the same op, domain, attributes and (already merged) inputs as
// an earlier node is dropped and its readers read the earlier node's outputs.
//
//   before: a = Relu (x);  b = Relu (x);  y = Add (a, b)
//   after:  a = Relu (x);  y = Add (a, a)
import { InputError } from '../../ir/errors.ts';
import { topologicalOrder } from '../../ir/graph.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import { constantInitializers } from '../support/constant-values.ts';
import { describeTensor, formatBytes, tensorBytes } from '../support/describe.ts';
import { nodeKey, TensorTable } from './common-subexpression-keys.ts';
import { graphPass, type GraphScope } from './graph-pass.ts';

const RULE = {
  constant: 'eliminate-common-subexpressions/identical-constants',
  node: 'eliminate-common-subexpressions/same-computation',
} as const;

const label = (n: Node) => `${n.opType} ${n.id}`;

/** A constant's origin: an initializer (by name) or a Constant node. */
type Origin = { readonly value: string; readonly node?: Node };
const originLabel = (o: Origin) => (o.node ? `Constant ${o.node.id}` : `initializer ${o.value}`);

function eliminate(s: GraphScope) {
  const g = s.graph;
  const sorted = topologicalOrder(g);
  if ('cycle' in sorted) throw new InputError(`graph '${g.name}' has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);
  const editor = s.editor();
  const alias = new Map<string, string>();
  const canonical = (v: string) => alias.get(v) ?? v;
  let edits = 0;

  // Identical constants. Initializers that are graph inputs can be overridden: not constants.
  const constants = new TensorTable<Origin>();
  const inputs = new Set(g.inputs.map((v) => v.name));
  const merge = (dup: Origin, into: Origin, t: Tensor) => {
    if (s.ctx.isGraphOutput(dup.value)) return s.miss(RULE.constant, dup.node?.id ?? '', `${originLabel(dup)} equals ${originLabel(into)} but ${dup.value} is a graph output`);
    if (dup.node) editor.removeNode(dup.node.id);
    else editor.removeInitializer(dup.value);
    editor.replaceUses(dup.value, into.value);
    alias.set(dup.value, into.value);
    edits++;
    s.explain({ rule: RULE.constant, message: `merged ${originLabel(dup)} into ${originLabel(into)}: both hold ${t.dtype} ${describeTensor({ ...t, name: '' }).trim()} (${formatBytes(tensorBytes(t))})`, matched: dup.node ? [dup.node.id] : [], produced: [] });
  };
  for (const t of constantInitializers(g, s.model.irVersion, s.isMain)) {
    if (inputs.has(t.name)) continue;
    const into = constants.findOrAdd(t, { value: t.name });
    if (into) merge({ value: t.name }, into, t);
  }

  const tensorIds = new TensorTable<string>();
  let nextTensorId = 0;
  const tensorId = (t: Tensor) => tensorIds.findOrAdd(t, `#${nextTensorId}`) ?? `#${nextTensorId++}`;
  const seen = new Map<string, Node>();
  for (const n of sorted.order) {
    if (n.opType === 'Constant' && (n.domain === '' || n.domain === 'ai.onnx') && n.outputs[0]) {
      const t = s.ctx.constant(n.outputs[0]);
      const into = t && constants.findOrAdd(t, { value: n.outputs[0], node: n });
      if (t && into) merge({ value: n.outputs[0], node: n }, into, t);
      continue;
    }
    const key = nodeKey(n, n.inputs.map((i) => (i ? canonical(i) : i)), tensorId);
    if (key === undefined) continue;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, n);
      continue;
    }
    const outputs = n.outputs.filter((o) => o);
    const both = outputs.find((o, k) => s.ctx.isGraphOutput(o) && s.ctx.isGraphOutput(first.outputs[n.outputs.indexOf(o)] ?? ''));
    if (both !== undefined) {
      s.miss(RULE.node, n.id, `${label(n)} computes what ${label(first)} does, but both results are graph outputs`);
      continue;
    }
    editor.removeNode(n.id);
    n.outputs.forEach((o, k) => {
      if (!o) return;
      editor.replaceUses(o, first.outputs[k]!);
      alias.set(o, first.outputs[k]!);
    });
    edits++;
    const reads = n.inputs.filter((i) => i).map(canonical);
    s.explain({ rule: RULE.node, message: `merged ${label(n)} into ${label(first)}: same op, attributes and inputs (${reads.join(', ') || 'none'}); readers of ${outputs.join(', ')} now read ${first.outputs.filter((o) => o).join(', ')}`, matched: [n.id, first.id], produced: [] });
  }
  return edits ? editor.apply() : undefined;
}

export const eliminateCommonSubexpressions = graphPass(
  { id: 'eliminate-common-subexpressions', title: 'Eliminate common subexpressions', description: 'Computes each value once: merges identical constants and nodes with the same op, attributes and inputs.' },
  eliminate,
);
