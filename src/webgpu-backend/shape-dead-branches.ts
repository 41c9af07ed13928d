// Run-time If branches that cannot have static shapes for the given input shapes. Silero VAD's
// 8 kHz branch expects 256 samples; compiled for 512 its LSTM input comes out rank 5, and shape
// inference, joining that branch with the 16 kHz one, leaves the If outputs without a shape. Such a
// branch is set aside: inference runs again on a copy of the model where the If's dead branch is
// replaced by its live one, so the If outputs (and everything after them) get the live branch's
// static shapes. The dead branch is never lowered; a run that takes it fails with the reason
// (branch-legality.ts), as onnxruntime fails when it reaches the LSTM.
import { subgraphsOf } from '../ir/graph.ts';
import type { Graph, Model, Node } from '../ir/types.ts';
import type { RuntimeIf } from './control-flow.ts';

export interface ShapeDeadBranch {
  readonly branch: 'then' | 'else';
  readonly reason: string;
}

function graphOf(node: Node, branch: 'then' | 'else'): Graph | undefined {
  const a = node.attributes.find((x) => x.name === `${branch}_branch`);
  return a?.type === 'graph' ? a.value : undefined;
}

/** The first inference error among a graph's nodes, nested subgraphs included. */
function firstError(g: Graph, errors: ReadonlyMap<string, string>): string | undefined {
  for (const n of g.nodes) {
    const e = errors.get(n.id);
    if (e) return `${n.opType} (${n.id}): ${e}`;
    for (const sub of subgraphsOf(n)) {
      const inner = firstError(sub, errors);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * Runtime Ifs (not yet set aside) where exactly one branch has an output without a static shape:
 * that branch, with the reason. Ifs where both branches lack one are left to legality to refuse.
 */
export function findShapeDeadBranches(
  runtimeIfs: readonly RuntimeIf[],
  dimsOf: (value: string) => readonly number[] | undefined,
  errors: ReadonlyMap<string, string>,
  known: ReadonlyMap<string, ShapeDeadBranch>,
): Map<string, ShapeDeadBranch> {
  const found = new Map<string, ShapeDeadBranch>();
  for (const { node } of runtimeIfs) {
    if (known.has(node.id)) continue;
    const shapeless = (['then', 'else'] as const).map((branch) => {
      const g = graphOf(node, branch);
      const k = g ? g.outputs.findIndex((o) => !dimsOf(o.name)) : -1;
      return g && k >= 0 ? { branch, g, output: g.outputs[k]!.name } : undefined;
    });
    const [then, otherwise] = shapeless;
    const dead = then && !otherwise ? then : otherwise && !then ? otherwise : undefined;
    if (!dead) continue;
    const why = firstError(dead.g, errors) ?? `its output '${dead.output}' has no static shape`;
    found.set(node.id, { branch: dead.branch, reason: `for these input shapes: ${why}` });
  }
  return found;
}

/** A copy of the model where each listed If's dead branch is its live branch (for shape inference only). */
export function withLiveBranches(model: Model, dead: ReadonlyMap<string, ShapeDeadBranch>): Model {
  const mapGraph = (g: Graph): Graph => {
    let changed = false;
    const nodes = g.nodes.map((n) => {
      const m = mapNode(n);
      if (m !== n) changed = true;
      return m;
    });
    return changed ? { ...g, nodes } : g;
  };
  const mapNode = (n: Node): Node => {
    const d = dead.get(n.id);
    // The live branch, with its own dead branches replaced too: both slots must infer alike.
    const liveGraph = d ? graphOf(n, d.branch === 'then' ? 'else' : 'then') : undefined;
    const live = liveGraph ? mapGraph(liveGraph) : undefined;
    let changed = false;
    const attributes = n.attributes.map((a) => {
      if (a.type !== 'graph') return a;
      const value = live && a.name === `${d!.branch}_branch` ? live : mapGraph(a.value);
      if (value === a.value) return a;
      changed = true;
      return { ...a, value };
    });
    return changed ? { ...n, attributes } : n;
  };
  const graph = mapGraph(model.graph);
  return graph === model.graph ? model : { ...model, graph };
}
