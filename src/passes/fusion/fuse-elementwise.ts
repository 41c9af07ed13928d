// fuse-elementwise (loop fusion): every run of two or more elementwise ops whose intermediate
// results nothing else reads becomes one kiln.FusedElementwise node that computes the whole run
// in a single pass over the data, as XLA, TVM and TensorRT fuse pointwise ops. The node carries
// the run as an expression (see expression/) and calls a model-local function whose body is the
// original ops, so onnxruntime still runs the model; Kiln's backend compiles the expression.
//
//   before: d = Div (u, "gelu.sqrt2");  e = Erf (d);  a = Add (e, "gelu.one");  m = Mul (u, a);  y = Mul (m, "gelu.half")
//   after:  y = kiln.FusedElementwise:e<hash> <expression = "mul(mul(x0, add(erf(div(x0, 1.4142135)), 1)), 0.5)"> (u)
import type { GraphEditor } from '../../ir/edit.ts';
import { InputError } from '../../ir/errors.ts';
import { topologicalOrder } from '../../ir/graph.ts';
import type { Node } from '../../ir/types.ts';
import { functionKey, graphPass, type GraphScope } from '../cleanup/graph-pass.ts';
import { listOf } from '../support/describe.ts';
import { printExpression } from './expression/print.ts';
import { expressionFunction, FUSED_ELEMENTWISE_DOMAIN, FUSED_ELEMENTWISE_OP } from './expression/lower.ts';
import { expressionHash, groupExpression } from './fuse-elementwise-expression.ts';
import { findGroups } from './fuse-elementwise-groups.ts';

const RULE = 'fuse-elementwise/loop-fusion';
const label = (n: Node) => `${n.opType} ${n.id}`;

/**
 * The overload naming this expression's function: `e` and the text's hash (a letter first keeps
 * it an identifier in the text syntax), suffixed in the unlikely case another expression has it.
 */
function overloadFor(text: string, s: GraphScope): string {
  const base = `e${expressionHash(text)}`;
  for (let k = 0; ; k++) {
    const overload = k ? `${base}_${k}` : base;
    const existing = s.functionByKey(functionKey({ domain: FUSED_ELEMENTWISE_DOMAIN, name: FUSED_ELEMENTWISE_OP, overload }));
    if (!existing || existing.docString === text) return overload;
  }
}

/** Constants now written into expressions that nothing else reads: their Constant nodes and initializers go. */
export function dropInlinedConstants(values: ReadonlySet<string>, removed: ReadonlySet<string>, s: GraphScope, editor: GraphEditor): void {
  const initializers = new Set(s.graph.initializers.map((t) => t.name));
  const inputs = new Set(s.graph.inputs.map((v) => v.name));
  for (const v of values) {
    if (s.ctx.isGraphOutput(v) || !s.ctx.consumers(v).every((r) => removed.has(r.id))) continue;
    const p = s.ctx.producer(v);
    if (p) {
      if (p.opType === 'Constant' && p.outputs.length === 1) editor.removeNode(p.id);
    } else if (initializers.has(v) && !inputs.has(v)) {
      editor.removeInitializer(v);
    }
  }
}

function fuseGraph(s: GraphScope) {
  const sorted = topologicalOrder(s.graph);
  if ('cycle' in sorted) throw new InputError(`graph '${s.graph.name}' has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);
  const { groups, declined } = findGroups(sorted.order, s.ctx);
  for (const d of declined) s.miss(RULE, d.node.id, d.reason);
  // Groups were found from the outputs backwards; explain them in graph order.
  const fused = groups.filter((g) => g.nodes.length > 1).reverse();
  if (!fused.length) return undefined;
  const editor = s.editor();
  const overloads = new Map<string, string>();
  const removed = new Set<string>();
  const inlined = new Set<string>();
  for (const group of fused) {
    const { expr, inputs, nodes, inlined: constants } = groupExpression(group, s.ctx);
    for (const n of nodes) removed.add(n.id);
    for (const c of constants) inlined.add(c);
    const text = printExpression(expr);
    const overload = overloadFor(text, s);
    s.addFunction({ ...expressionFunction(expr, overload, s.opset), docString: text });
    for (const n of nodes) editor.removeNode(n.id);
    const node = editor.insertNode({
      opType: FUSED_ELEMENTWISE_OP,
      domain: FUSED_ELEMENTWISE_DOMAIN,
      inputs,
      outputs: [group.root.outputs[0]!],
      attributes: [{ name: 'expression', type: 'string', value: text }],
      provenance: nodes.map((n) => n.id),
      id: `${group.root.id}/${FUSED_ELEMENTWISE_OP}`,
    });
    overloads.set(node.id, overload);
    const where = inputs.length ? ` with ${listOf(inputs.map((v, k) => `x${k} = ${v}`), 4)}` : '';
    // `t0 = …; y = …` reads better than `y = t0 = …; …` when the expression has bindings.
    const statements = text.split('; ');
    statements[statements.length - 1] = `y = ${statements[statements.length - 1]}`;
    s.explain({
      rule: RULE,
      message: `fused ${nodes.length} elementwise ops (${listOf(nodes.map(label), 4)}) into ${FUSED_ELEMENTWISE_DOMAIN}.${FUSED_ELEMENTWISE_OP} ${node.id}: ${statements.join('; ')}${where}`,
      matched: nodes.map((n) => n.id),
      produced: [node.id],
    });
  }
  dropInlinedConstants(inlined, removed, s, editor);
  const { graph, record } = editor.apply();
  // The editor makes plain nodes; the overload picks each node's function.
  return { graph: { ...graph, nodes: graph.nodes.map((n) => (overloads.has(n.id) ? { ...n, overload: overloads.get(n.id)! } : n)) }, record };
}

export const fuseElementwise = graphPass(
  {
    id: 'fuse-elementwise',
    title: 'Fuse elementwise ops (loop fusion)',
    description: 'Merges each run of elementwise ops whose intermediates nothing else reads into one kiln.FusedElementwise node computing a single expression.',
  },
  fuseGraph,
);
