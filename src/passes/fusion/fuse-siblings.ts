// fuse-siblings (sibling multi-output fusion, XLA's multi_output_fusion.h): elementwise nodes
// that read the same tensor, have the same output shape and no path between them become one
// kiln.FusedElementwiseMulti node with one output per original node, so the shared tensor is
// read once instead of once per sibling. The node carries one expression per output (the
// fuse-elementwise syntax, x0..xk indexing the union of inputs) and calls a model-local function
// computing every output, so onnxruntime still runs the model.
//
//   before: a = Relu (x);  b = kiln.FusedElementwise <expression = "sigmoid(mul(x0, x1))"> (x, s)
//   after:  a, b = kiln.FusedElementwiseMulti:m<hash> <expressions = ["relu(x0)", "sigmoid(mul(x0, x1))"]> (x, s)
import { InputError } from '../../ir/errors.ts';
import { topologicalOrder } from '../../ir/graph.ts';
import { functionKey, graphPass, type GraphScope } from '../cleanup/graph-pass.ts';
import { listOf } from '../support/describe.ts';
import { call, input, type Expr } from './expression/ast.ts';
import { expressionsFunction, FUSED_ELEMENTWISE_DOMAIN, FUSED_ELEMENTWISE_MULTI_OP } from './expression/lower.ts';
import { printExpression } from './expression/print.ts';
import { expressionHash } from './fuse-elementwise-expression.ts';
import { dropInlinedConstants } from './fuse-elementwise.ts';
import { describeMembers, findSiblingGroups, type SiblingGroup } from './fuse-siblings-groups.ts';

const RULE = 'fuse-siblings/multi-output';

/** The expression with input k renamed to input map[k]. */
function renumber(expr: Expr, map: readonly number[]): Expr {
  const done = new Map<Expr, Expr>();
  const visit = (e: Expr): Expr => {
    if (e.kind === 'input') return input(map[e.index]!);
    if (e.kind === 'const') return e;
    let r = done.get(e);
    if (!r) done.set(e, (r = call(e.op, e.args.map(visit), e.attrs)));
    return r;
  };
  return visit(expr);
}

/** The group's inputs (members' inputs, first use first) and each member's expression over them. */
export function mergedExpressions(g: SiblingGroup): { inputs: string[]; exprs: Expr[] } {
  const inputs: string[] = [];
  const exprs = g.members.map((m) => {
    const map = m.inputs.map((v) => {
      const k = inputs.indexOf(v);
      return k >= 0 ? k : inputs.push(v) - 1;
    });
    return renumber(m.expr, map);
  });
  return { inputs, exprs };
}

/** `m` and the hash of the expressions, suffixed in the unlikely case other expressions have it. */
function overloadFor(text: string, s: GraphScope): string {
  const base = `m${expressionHash(text)}`;
  for (let k = 0; ; k++) {
    const overload = k ? `${base}_${k}` : base;
    const existing = s.functionByKey(functionKey({ domain: FUSED_ELEMENTWISE_DOMAIN, name: FUSED_ELEMENTWISE_MULTI_OP, overload }));
    if (!existing || existing.docString === text) return overload;
  }
}

function fuseGraph(s: GraphScope) {
  const sorted = topologicalOrder(s.graph);
  if ('cycle' in sorted) throw new InputError(`graph '${s.graph.name}' has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);
  const { groups, misses } = findSiblingGroups(sorted.order, s.ctx);
  for (const m of misses) s.miss(RULE, m.node.id, m.reason);
  if (!groups.length) return undefined;
  const editor = s.editor();
  const overloads = new Map<string, string>();
  const removed = new Set(groups.flatMap((g) => g.members.map((m) => m.node.id)));
  const inlined = new Set(groups.flatMap((g) => g.members.flatMap((m) => m.inlined)));
  for (const g of groups) {
    const { inputs, exprs } = mergedExpressions(g);
    const texts = exprs.map(printExpression);
    const doc = texts.join('\n');
    const overload = overloadFor(doc, s);
    s.addFunction({ ...expressionsFunction(exprs, overload, s.opset), docString: doc });
    const nodes = g.members.map((m) => m.node);
    for (const n of nodes) editor.removeNode(n.id);
    const node = editor.insertNode({
      opType: FUSED_ELEMENTWISE_MULTI_OP,
      domain: FUSED_ELEMENTWISE_DOMAIN,
      inputs,
      outputs: nodes.map((n) => n.outputs[0]!),
      attributes: [{ name: 'expressions', type: 'strings', value: texts }],
      provenance: nodes.flatMap((n) => n.provenance?.length ? n.provenance : [n.id]),
      id: `${nodes[0]!.id}/${FUSED_ELEMENTWISE_MULTI_OP}`,
    });
    overloads.set(node.id, overload);
    const outs = nodes.map((n, j) => `${n.outputs[0]} = ${texts[j]}`);
    s.explain({
      rule: RULE,
      message: `merged siblings ${describeMembers(g)}, ${nodes.length === 2 ? 'both' : 'all'} reading ${g.shared}, into one ${FUSED_ELEMENTWISE_DOMAIN}.${FUSED_ELEMENTWISE_MULTI_OP} kernel ${node.id} with ${nodes.length} outputs: ${g.shared} is read once. ${listOf(outs, 8)} with ${listOf(inputs.map((v, k) => `x${k} = ${v}`), 8)}`,
      matched: nodes.map((n) => n.id),
      produced: [node.id],
    });
  }
  dropInlinedConstants(inlined, removed, s, editor);
  const { graph, record } = editor.apply();
  // The editor makes plain nodes; the overload picks each node's function.
  return { graph: { ...graph, nodes: graph.nodes.map((n) => (overloads.has(n.id) ? { ...n, overload: overloads.get(n.id)! } : n)) }, record };
}

export const fuseSiblings = graphPass(
  {
    id: 'fuse-siblings',
    title: 'Fuse sibling elementwise kernels (multi-output fusion)',
    description: 'Merges elementwise nodes that read the same tensor and have the same output shape into one kiln.FusedElementwiseMulti node with one output per sibling, so the shared tensor is read once.',
  },
  fuseGraph,
);
