// fuse-injective (TVM FuseOps' injective fusion): a tree of elementwise ops and injective ops
// (Transpose, Reshape, Flatten, Squeeze, Unsqueeze, Slice with constant parameters, Expand), whose
// intermediates nothing else reads, becomes one kiln.FusedInjective node: one kernel that, per
// output element, finds each input's element through that input's index map and computes the
// elementwise expression there. TVM fuses such ops because every output element is one input
// element (https://tvm.apache.org/docs/arch/fusion.html, kInjective): a Transpose or Slice copy
// merges with the elementwise work around it, and elementwise chains join across a Reshape.
// kiln.FusedElementwise nodes are members too, so the pass runs after fuse-elementwise.
//
// Kiln's backend already runs Reshape, Flatten, Squeeze and Unsqueeze as views (no kernel), so a
// group must save a kernel: two members that run one each (a Transpose and an Add; two Adds
// across a Reshape). Reshape → Relu alone is left as it is.
//
//   before: t = Transpose <perm = [0,2,3,1]> (x);  y = Add (t, b)
//   after:  y = kiln.FusedInjective:i<hash> <expression = "add(x0, x1)", index_maps = ["transpose(0,2,3,1)", ""]> (x, b)
import type { GraphEditor } from '../../ir/edit.ts';
import { InputError } from '../../ir/errors.ts';
import { topologicalOrder } from '../../ir/graph.ts';
import type { Node } from '../../ir/types.ts';
import { functionKey, graphPass, type GraphScope } from '../cleanup/graph-pass.ts';
import { formatShape, listOf } from '../support/describe.ts';
import { printExpression } from './expression/print.ts';
import { dropInlinedConstants } from './fuse-elementwise.ts';
import { expressionHash } from './fuse-elementwise-expression.ts';
import { expressionDims, injectiveExpression, type InjectiveExpression } from './fuse-injective-expression.ts';
import { findInjectiveGroups, isWorthFusing, MAX_GROUP_READS, type InjectiveGroup } from './fuse-injective-groups.ts';
import { FUSED_INJECTIVE_DOMAIN, FUSED_INJECTIVE_OP, fusedInjectiveAttributes, fusedInjectiveFunction, opsetProblem, specText, type FusedInjectiveSpec } from './injective/function.ts';
import { label } from './injective/members.ts';
import { printIndexMap } from './injective/steps.ts';

const RULE = 'fuse-injective/injective-fusion';

/** `i` and the spec's hash (a letter first keeps it an identifier), suffixed if another spec has it. */
function overloadFor(text: string, s: GraphScope): string {
  const base = `i${expressionHash(text)}`;
  for (let k = 0; ; k++) {
    const overload = k ? `${base}_${k}` : base;
    const existing = s.functionByKey(functionKey({ domain: FUSED_INJECTIVE_DOMAIN, name: FUSED_INJECTIVE_OP, overload }));
    if (!existing || existing.docString === text) return overload;
  }
}

/** The group's expression and spec, or why it cannot be one node after all. */
function specOf(g: InjectiveGroup, made: InjectiveExpression, s: GraphScope): FusedInjectiveSpec | string {
  const rootDims = s.ctx.staticShape(g.root.outputs[0]!)!;
  const values = new Set(made.inputs.map((x) => x.value));
  if (values.size > MAX_GROUP_READS) return `the fused kernel would read ${values.size} tensors, more than the ${MAX_GROUP_READS} one kernel binds`;
  const problem = opsetProblem(made.inputs.map((x) => x.steps), s.opset);
  if (problem) return problem;
  const dims = expressionDims(made.expr, made.inputs);
  if (!dims || formatShape(dims) !== formatShape(rootDims)) return `the fused expression computes ${dims ? formatShape(dims) : 'no broadcastable shape'}, not the output's ${formatShape(rootDims)}`;
  return { expression: printExpression(made.expr), maps: made.inputs.map((x) => printIndexMap(x.steps, x.dims)) };
}

/** `fused Transpose t, Add a into kiln.FusedInjective a/FusedInjective: y = add(x0, x1) with x0 = transpose(0,2,3,1) of x, x1 = b`. */
function explanation(made: InjectiveExpression, spec: FusedInjectiveSpec, id: string): string {
  const statements = spec.expression.split('; ');
  statements[statements.length - 1] = `y = ${statements[statements.length - 1]}`;
  const reads = made.inputs.map((x, k) => `x${k} = ${spec.maps[k] ? `${spec.maps[k]} of ` : ''}${x.value}`);
  return `fused ${listOf(made.nodes.map(label), 6)} into ${FUSED_INJECTIVE_DOMAIN}.${FUSED_INJECTIVE_OP} ${id}: ${statements.join('; ')}${reads.length ? ` with ${listOf(reads, 4)}` : ''}`;
}

function fuseGroup(g: InjectiveGroup, made: InjectiveExpression, spec: FusedInjectiveSpec, s: GraphScope, editor: GraphEditor): Node {
  const text = specText(spec);
  const overload = overloadFor(text, s);
  s.addFunction(fusedInjectiveFunction(made.expr, made.inputs.map((x) => x.steps), made.inputs.map((x) => x.dims), overload, s.opset, text));
  for (const n of made.nodes) editor.removeNode(n.id);
  for (const t of made.added) editor.addInitializer(t);
  const node = editor.insertNode({
    opType: FUSED_INJECTIVE_OP,
    domain: FUSED_INJECTIVE_DOMAIN,
    inputs: made.inputs.map((x) => x.value),
    outputs: [g.root.outputs[0]!],
    attributes: fusedInjectiveAttributes(spec),
    provenance: made.nodes.map((n) => n.id),
    // A fused root's id already ends in /FusedElementwise: one suffix is enough.
    id: `${g.root.id.replace(/\/FusedElementwise$/, '')}/${FUSED_INJECTIVE_OP}`,
  });
  return { ...node, overload };
}

function fuseGraph(s: GraphScope) {
  const sorted = topologicalOrder(s.graph);
  if ('cycle' in sorted) throw new InputError(`graph '${s.graph.name}' has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);
  const { groups, declined, members } = findInjectiveGroups(sorted.order, s.ctx);
  const kept = new Set(groups.filter((g) => isWorthFusing(g, members)));
  for (const d of declined) if (!d.group || kept.has(d.group)) s.miss(RULE, d.node.id, d.reason);
  if (!kept.size) return undefined;
  const editor = s.editor();
  const overloads = new Map<string, string>();
  const removed = new Set<string>();
  const released = new Set<string>();
  const read = new Set<string>();
  // Groups were found from the outputs backwards; fuse and explain them in graph order.
  for (const g of [...kept].reverse()) {
    const made = injectiveExpression(g, members, s.ctx, s.freshValue);
    const spec = specOf(g, made, s);
    if (typeof spec === 'string') {
      s.miss(RULE, g.root.id, `kept ${label(g.root)} and the ${g.nodes.length - 1} ops it would take in unfused: ${spec}`);
      continue;
    }
    const node = fuseGroup(g, made, spec, s, editor);
    overloads.set(node.id, node.overload!);
    for (const n of made.nodes) removed.add(n.id);
    for (const c of made.released) released.add(c);
    for (const x of made.inputs) read.add(x.value);
    s.explain({ rule: RULE, message: explanation(made, spec, node.id), matched: made.nodes.map((n) => n.id), produced: [node.id] });
  }
  if (!overloads.size) return undefined;
  // A constant one group inlined may still be a tensor input of another fused node.
  dropInlinedConstants(new Set([...released].filter((c) => !read.has(c))), removed, s, editor);
  const { graph, record } = editor.apply();
  // The editor makes plain nodes; the overload picks each node's function.
  return { graph: { ...graph, nodes: graph.nodes.map((n) => (overloads.has(n.id) ? { ...n, overload: overloads.get(n.id)! } : n)) }, record };
}

export const fuseInjective = graphPass(
  {
    id: 'fuse-injective',
    title: 'Fuse injective ops with elementwise ops (TVM injective fusion)',
    description: 'Merges each tree of elementwise and injective ops (Transpose, Reshape, Slice, Expand, …) whose intermediates nothing else reads into one kiln.FusedInjective node: an elementwise expression whose inputs are each read through their own index map.',
  },
  fuseGraph,
);
