// fuse-reduce (input fusion into reductions: XLA's kInput fusion, TVM's kCommReduce): a Reduce op
// whose data is computed by elementwise ops that nothing else reads (a kiln.FusedElementwise, or
// one elementwise op) becomes one kiln.FusedReduce node that computes the expression per element
// while it reduces, so the elementwise result is never written to memory. The axes must be known
// at compile time; the node calls a model-local function (the expression's ops, then the Reduce)
// that onnxruntime runs.
//
//   before: d = kiln.FusedElementwise <expression = "t0 = sub(x0, x1); mul(t0, t0)"> (x, m);  v = ReduceMean <axes = [2]> (d)
//   after:  v = kiln.FusedReduce:r<hash> <expression = "...", reduce = "ReduceMean", axes = [2], keepdims = 1> (x, m)
import { attrInt, attrInts, attrString } from '../../ir/attributes.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import type { Node } from '../../ir/types.ts';
import { functionKey, graphPass, type GraphScope } from '../cleanup/graph-pass.ts';
import { isDefaultDomain } from '../support/constant-values.ts';
import { listOf } from '../support/describe.ts';
import type { Expr } from './expression/ast.ts';
import { FUSED_ELEMENTWISE_DOMAIN, FUSED_ELEMENTWISE_OP } from './expression/lower.ts';
import { parseExpression } from './expression/parse.ts';
import { printExpression } from './expression/print.ts';
import { dropInlinedConstants } from './fuse-elementwise.ts';
import { expressionHash, groupExpression } from './fuse-elementwise-expression.ts';
import { unfusableReason } from './fuse-elementwise-groups.ts';
import { axesAreInput, FUSABLE_REDUCES, FUSED_REDUCE_DOMAIN, FUSED_REDUCE_OP, fusedReduceAttributes, fusedReduceFunction, specText, type FusedReduceSpec } from './fused-reduce-function.ts';

const RULE = 'fuse-reduce/input-fusion';
const label = (n: Node) => `${n.domain ? `${n.domain}.` : ''}${n.opType} ${n.id}`;

interface Match {
  readonly producer: Node;
  readonly expr: Expr;
  readonly inputs: readonly string[];
  /** Constants the expression now holds (and the axes constant): dropped when nothing else reads them. */
  readonly inlined: readonly string[];
  readonly spec: FusedReduceSpec;
}

/** The producer's expression and inputs, or undefined when it computes no elementwise expression. */
function producerExpression(p: Node, s: GraphScope): { expr: Expr; inputs: readonly string[]; inlined: readonly string[] } | undefined {
  if (p.domain === FUSED_ELEMENTWISE_DOMAIN && p.opType === FUSED_ELEMENTWISE_OP) {
    const text = attrString(p, 'expression');
    return text === undefined ? undefined : { expr: parseExpression(text), inputs: p.inputs, inlined: [] };
  }
  if (unfusableReason(p)) return undefined;
  const g = groupExpression({ root: p, nodes: [p] }, s.ctx);
  return { expr: g.expr, inputs: g.inputs, inlined: g.inlined };
}

/** The reduced axes (normalized, sorted), or why they are not known or not wanted. */
function reducedAxes(r: Node, s: GraphScope, data: string): number[] | string {
  const fromInput = axesAreInput(r.opType, s.opset);
  let given: number[] | undefined;
  if (fromInput && r.inputs[1]) {
    const t = s.ctx.constant(r.inputs[1]);
    if (!t) return `its axes (${r.inputs[1]}) are computed at run time`;
    given = [...tensorToNumbers(t)];
  } else if (!fromInput) {
    given = attrInts(r, 'axes')?.slice();
  }
  const rank = s.ctx.shape(data)?.length;
  if (!given?.length) {
    if (fromInput && attrInt(r, 'noop_with_empty_axes', 0) === 1) return 'it has no axes and noop_with_empty_axes = 1: it reduces nothing';
    if (rank === undefined) return 'it reduces every axis of an input whose rank is unknown';
    if (rank === 0) return 'its input is a scalar: there is nothing to reduce';
    return Array.from({ length: rank }, (_, d) => d);
  }
  if (given.some((a) => a < 0) && rank === undefined) return 'it has negative axes and its input rank is unknown';
  const axes = given.map((a) => (a < 0 ? a + rank! : a));
  if (rank !== undefined && axes.some((a) => a < 0 || a >= rank)) return `its axes [${given}] are out of range for rank ${rank}`;
  return [...new Set(axes)].sort((a, b) => a - b);
}

/** The fusion for Reduce node `r`, a reason it declines (for a near miss), or undefined when nothing elementwise feeds it. */
function matchReduce(r: Node, s: GraphScope): Match | string | undefined {
  const data = r.inputs[0];
  const p = data ? s.ctx.producer(data) : undefined;
  if (!data || !p) return undefined;
  const made = producerExpression(p, s);
  if (!made) return undefined;
  const readers = s.ctx.consumers(data);
  if (readers.length > 1) return `${label(p)}'s output ${data} has ${readers.length} consumers (${listOf(readers.map(label), 3)}); fusing it into the reduction would compute it twice`;
  if (s.ctx.isGraphOutput(data)) return `${label(p)}'s output ${data} is a graph output, so it must be written to memory anyway`;
  const axes = reducedAxes(r, s, data);
  if (typeof axes === 'string') return axes;
  const spec: FusedReduceSpec = { expression: printExpression(made.expr), reduce: r.opType, axes, keepdims: attrInt(r, 'keepdims', 1) !== 0 };
  return { producer: p, expr: made.expr, inputs: made.inputs, inlined: [...made.inlined, ...(r.inputs[1] ? [r.inputs[1]] : [])], spec };
}

/** `r` and the spec's hash (a letter first keeps it an identifier), suffixed if another spec has it. */
function overloadFor(text: string, s: GraphScope): string {
  const base = `r${expressionHash(text)}`;
  for (let k = 0; ; k++) {
    const overload = k ? `${base}_${k}` : base;
    const existing = s.functionByKey(functionKey({ domain: FUSED_REDUCE_DOMAIN, name: FUSED_REDUCE_OP, overload }));
    if (!existing || existing.docString === text) return overload;
  }
}

/** `fused Mul sq (Mul) into ReduceSum sum as kiln.FusedReduce sum/FusedReduce: y = ReduceSum(mul(x0, x0)) over axes [1], keepdims 0 with x0 = x`. */
function explanation(r: Node, m: Match, id: string): string {
  const p = m.producer;
  const count = p.domain === FUSED_ELEMENTWISE_DOMAIN ? (p.provenance?.length ?? 1) : 1;
  const what = `${label(p)} (${count} elementwise op${count === 1 ? '' : 's'})`;
  // `t0 = …; y = ReduceSum(…)` reads better than `y = ReduceSum(t0 = …; …)`.
  const statements = m.spec.expression.split('; ');
  statements[statements.length - 1] = `y = ${r.opType}(${statements[statements.length - 1]}) over axes [${m.spec.axes.join(', ')}], keepdims ${m.spec.keepdims ? 1 : 0}`;
  const where = m.inputs.length ? ` with ${listOf(m.inputs.map((v, k) => `x${k} = ${v}`), 4)}` : '';
  return `fused ${what} into ${label(r)} as ${FUSED_REDUCE_DOMAIN}.${FUSED_REDUCE_OP} ${id}: ${statements.join('; ')}${where}`;
}

function fuseGraph(s: GraphScope) {
  const matches: [Node, Match][] = [];
  for (const r of s.graph.nodes) {
    if (!isDefaultDomain(r) || !FUSABLE_REDUCES.has(r.opType) || r.outputs.length !== 1 || !r.outputs[0]) continue;
    const m = matchReduce(r, s);
    if (typeof m === 'string') s.miss(RULE, r.id, m);
    else if (m) matches.push([r, m]);
  }
  if (!matches.length) return undefined;
  const editor = s.editor();
  const overloads = new Map<string, string>();
  const removed = new Set<string>();
  const inlined = new Set<string>();
  for (const [r, m] of matches) {
    const text = specText(m.spec);
    const overload = overloadFor(text, s);
    s.addFunction(fusedReduceFunction(m.expr, m.spec, overload, s.opset));
    editor.removeNode(m.producer.id);
    editor.removeNode(r.id);
    for (const id of [m.producer.id, r.id]) removed.add(id);
    for (const c of m.inlined) inlined.add(c);
    const node = editor.insertNode({
      opType: FUSED_REDUCE_OP,
      domain: FUSED_REDUCE_DOMAIN,
      inputs: m.inputs,
      outputs: [r.outputs[0]!],
      attributes: fusedReduceAttributes(m.spec),
      provenance: [m.producer.id, r.id],
      id: `${r.id}/${FUSED_REDUCE_OP}`,
    });
    overloads.set(node.id, overload);
    s.explain({ rule: RULE, message: explanation(r, m, node.id), matched: [m.producer.id, r.id], produced: [node.id] });
  }
  dropInlinedConstants(inlined, removed, s, editor);
  const { graph, record } = editor.apply();
  // The editor makes plain nodes; the overload picks each node's function.
  return { graph: { ...graph, nodes: graph.nodes.map((n) => (overloads.has(n.id) ? { ...n, overload: overloads.get(n.id)! } : n)) }, record };
}

export const fuseReduce = graphPass(
  {
    id: 'fuse-reduce',
    title: 'Fuse elementwise ops into reductions (input fusion)',
    description: 'Merges each Reduce op with the elementwise ops (a kiln.FusedElementwise or one op) that only it reads into one kiln.FusedReduce node that computes the expression while it reduces.',
  },
  fuseGraph,
);
