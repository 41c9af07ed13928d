// Loop and Scan with a trip count known at compile time, unrolled into the flattened graph
// (control-flow.ts): each iteration is a copy of the body whose values carry an `@<node>#<i>`
// suffix (outer values keep their names), fed the previous iteration's states. Scan inputs are
// sliced per iteration with Gather; each iteration's scan outputs are written into their slot of
// the stacked output by a kiln.ScanOutput copy. A Loop is unrolled only when it provably runs all
// M iterations: M and the initial condition are constants, and the body's condition folds to true.
// Anything else stays a Loop or Scan node with the reason, shown by legality.
import { attrGraph, attrInt, attrInts } from '../ir/attributes.ts';
import { subgraphsOf, topologicalOrder } from '../ir/graph.ts';
import { tensorFromNumbers, tensorToNumbers } from '../ir/tensor.ts';
import type { Attribute, Graph, Node } from '../ir/types.ts';
import { conditionValue, type FlattenContext, type Guard } from './control-flow.ts';

/** Unrolling past this many body nodes in all is refused: compile time and kernel count would explode. */
export const MAX_UNROLLED_NODES = 4096;

/** Every value a graph defines, nested graphs included (initializers excepted: they are shared constants). */
function definedNames(g: Graph, out: Set<string>, nested: boolean): Set<string> {
  if (nested) for (const v of g.inputs) out.add(v.name);
  for (const n of g.nodes) {
    for (const o of n.outputs) if (o) out.add(o);
    for (const sub of subgraphsOf(n)) definedNames(sub, out, true);
  }
  return out;
}

/** One iteration's copy of the body: its nodes in order and the renaming (body inputs are bound). */
function copyBody(body: Graph, suffix: string, bound: ReadonlyMap<string, string>, ctx: FlattenContext): { nodes: Node[]; rename: (name: string) => string } {
  const defined = definedNames(body, new Set(), false);
  const rename = (name: string) => bound.get(name) ?? (name && defined.has(name) ? `${name}@${suffix}` : name);
  const copyNode = (n: Node): Node => ({
    ...n,
    id: `${n.id}@${suffix}`,
    inputs: n.inputs.map(rename),
    outputs: n.outputs.map(rename),
    attributes: n.attributes.map((a): Attribute => (a.type === 'graph' ? { ...a, value: copyGraph(a.value) } : a.type === 'graphs' ? { ...a, value: a.value.map(copyGraph) } : a)),
  });
  const copyGraph = (g: Graph): Graph => ({
    ...g,
    nodes: g.nodes.map(copyNode),
    inputs: g.inputs.map((v) => ({ ...v, name: rename(v.name) })),
    outputs: g.outputs.map((v) => ({ ...v, name: rename(v.name) })),
    valueInfo: g.valueInfo.map((v) => ({ ...v, name: rename(v.name) })),
  });
  // Each copy has the types shape inference gave the body's values.
  for (const name of defined) {
    const [dims, dtype] = [ctx.dimsOf(name), ctx.dtypeOf(name)];
    if (dims && dtype) ctx.types.set(rename(name), { dims, dtype });
  }
  const sorted = topologicalOrder(body);
  const nodes = ('cycle' in sorted ? body.nodes : sorted.order).map(copyNode);
  return { nodes, rename };
}

function node(id: string, opType: string, domain: string, inputs: string[], outputs: string[], attributes: Attribute[], from: Node): Node {
  return { id, name: '', opType, domain, inputs, outputs, attributes, provenance: [from.id] };
}

/** A shared int64 (or bool) scalar constant, made once per value. */
function scalar(ctx: FlattenContext, name: string, dtype: 'int64' | 'bool', value: number): string {
  if (!ctx.constants.has(name)) ctx.constants.set(name, tensorFromNumbers(name, dtype, [], [value]));
  return name;
}

/** Writes iteration output `value` into slot `index` of `out` (count slots along `axis`). */
function scanOutput(from: Node, suffix: string, value: string, out: string, index: number, axis: number): Node {
  const attrs: Attribute[] = [{ name: 'index', type: 'int', value: index }, { name: 'axis', type: 'int', value: axis }];
  return node(`${from.id}/${out}@${suffix}`, 'ScanOutput', 'kiln', [value], [out], attrs, from);
}

function tooBig(trips: number, body: Graph): boolean {
  return trips * body.nodes.length > MAX_UNROLLED_NODES;
}

export function unrollScan(scan: Node, ctx: FlattenContext, under: readonly Guard[]): boolean {
  const refuse = (reason: string) => (ctx.problem(scan.id, reason, under), false);
  const body = attrGraph(scan, 'body');
  const m = attrInt(scan, 'num_scan_inputs');
  if (!body || m === undefined) return refuse('Scan needs a body and num_scan_inputs');
  if (ctx.opset < 9) return refuse('Scan before opset 9 (batched, with sequence_lens) is not unrolled');
  const n = scan.inputs.length - m;
  const k = body.outputs.length - n;
  const inAxes = attrInts(scan, 'scan_input_axes', Array<number>(m).fill(0));
  const inDirs = attrInts(scan, 'scan_input_directions', Array<number>(m).fill(0));
  const outAxes = attrInts(scan, 'scan_output_axes', Array<number>(k).fill(0));
  const outDirs = attrInts(scan, 'scan_output_directions', Array<number>(k).fill(0));
  const scans = scan.inputs.slice(n).map((name, j) => {
    const dims = ctx.dimsOf(name);
    const axis = dims ? (inAxes[j]! + dims.length) % dims.length : 0;
    return { name, dims, axis };
  });
  const unknown = scans.find((s) => !s.dims);
  if (unknown) return refuse(`the shape of scan input '${unknown.name}' is not known at compile time`);
  const trips = scans[0]?.dims![scans[0].axis] ?? 0;
  if (scans.some((s) => s.dims![s.axis] !== trips)) return refuse('scan inputs differ in length');
  if (trips === 0) return refuse('a Scan over zero elements is not unrolled');
  if (tooBig(trips, body)) return refuse(`unrolling ${trips} iterations of ${body.nodes.length} nodes exceeds ${MAX_UNROLLED_NODES}`);
  let states = scan.inputs.slice(0, n);
  for (let it = 0; it < trips; it++) {
    const suffix = `${scan.id}#${it}`;
    const bound = new Map<string, string>(body.inputs.slice(0, n).map((v, j) => [v.name, states[j]!]));
    scans.forEach((s, j) => {
      const at = inDirs[j] ? trips - 1 - it : it;
      const slice = `${scan.id}/scan_input_${j}@${it}`;
      ctx.types.set(slice, { dims: s.dims!.filter((_, d) => d !== s.axis), dtype: ctx.dtypeOf(s.name)! });
      const index = scalar(ctx, `${scan.id}/index_${at}`, 'int64', at);
      ctx.walk([node(`${scan.id}/slice_${j}@${it}`, 'Gather', '', [s.name, index], [slice], [{ name: 'axis', type: 'int', value: s.axis }], scan)], under);
      bound.set(body.inputs[n + j]!.name, slice);
    });
    const { nodes, rename } = copyBody(body, suffix, bound, ctx);
    ctx.walk(nodes, under);
    states = body.outputs.slice(0, n).map((v) => rename(v.name));
    const writes = body.outputs.slice(n).flatMap((v, j) => {
      const out = scan.outputs[n + j];
      if (!out) return [];
      const rank = (ctx.dimsOf(out) ?? []).length;
      const axis = rank ? (outAxes[j]! + rank) % rank : 0;
      return [scanOutput(scan, suffix, rename(v.name), out, outDirs[j] ? trips - 1 - it : it, axis)];
    });
    ctx.walk(writes, under);
  }
  ctx.walk(finalStates(scan, states, 0), under);
  return true;
}

/** The node's first state outputs as views of the last iteration's states. */
function finalStates(from: Node, states: readonly string[], offset: number): Node[] {
  return states.flatMap((value, j) => {
    const out = from.outputs[offset + j];
    return out ? [node(`${from.id}/output_${offset + j}`, 'Identity', '', [value], [out], [], from)] : [];
  });
}

export function unrollLoop(loop: Node, ctx: FlattenContext, under: readonly Guard[]): boolean {
  const refuse = (reason: string) => (ctx.problem(loop.id, reason, under), false);
  const body = attrGraph(loop, 'body');
  if (!body) return refuse('Loop has no body');
  const [tripName, condName] = [loop.inputs[0] ?? '', loop.inputs[1] ?? ''];
  // Worded like legality's compile-time inputs, so a caller can fix these inputs (CompileOptions.inputValues).
  const constantInput = (name: string) => `input '${name}' must be a constant (it is read at compile time): Kiln unrolls a Loop only when it knows how often it runs`;
  if (!tripName) return refuse('a Loop without a trip count is not unrolled');
  const trip = ctx.constants.get(tripName);
  if (!trip) return refuse(constantInput(tripName));
  const cond = condName ? ctx.constants.get(condName) : undefined;
  if (condName && !cond) return refuse(constantInput(condName));
  const trips = Number(tensorToNumbers(trip)[0] ?? 0);
  const runs = cond ? conditionValue(cond) !== false : true;
  const n = loop.inputs.length - 2;
  const k = body.outputs.length - 1 - n;
  if (!runs || trips <= 0) {
    if (loop.outputs.slice(n).some(Boolean)) return refuse('a Loop that runs no iteration has empty scan outputs, which are not supported');
    ctx.walk(finalStates(loop, loop.inputs.slice(2), 0), under);
    return true;
  }
  if (tooBig(trips, body)) return refuse(`unrolling ${trips} iterations of ${body.nodes.length} nodes exceeds ${MAX_UNROLLED_NODES}`);
  let states = loop.inputs.slice(2);
  const condTrue = scalar(ctx, `${loop.id}/cond_true`, 'bool', 1);
  for (let it = 0; it < trips; it++) {
    const suffix = `${loop.id}#${it}`;
    const bound = new Map<string, string>([
      [body.inputs[0]?.name ?? '', scalar(ctx, `${loop.id}/iteration_${it}`, 'int64', it)],
      [body.inputs[1]?.name ?? '', condTrue],
      ...body.inputs.slice(2).map((v, j): [string, string] => [v.name, states[j]!]),
    ]);
    const { nodes, rename } = copyBody(body, suffix, bound, ctx);
    ctx.walk(nodes, under);
    const next = ctx.constants.get(rename(body.outputs[0]?.name ?? ''));
    if (!next || conditionValue(next) !== true) return refuse('the body computes its loop condition at run time (or ends the loop early): Kiln unrolls only loops that run all M iterations');
    states = body.outputs.slice(1, 1 + n).map((v) => rename(v.name));
    const writes = body.outputs.slice(1 + n, 1 + n + k).flatMap((v, j) => {
      const out = loop.outputs[n + j];
      return out ? [scanOutput(loop, suffix, rename(v.name), out, it, 0)] : [];
    });
    ctx.walk(writes, under);
  }
  ctx.walk(finalStates(loop, states, 0), under);
  return true;
}
