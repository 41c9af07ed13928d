// Control flow, flattened at compile time. Lowering wants one list of nodes; an If carries its
// branches as subgraphs. Walking the graph in topological order while folding (fold.ts), each If
// is decided where it stands:
//
//   - its condition folded to a constant: only the taken branch is inlined, and each If output
//     becomes an Identity (a view) of the branch output. The other branch is never looked at, so
//     ops Kiln cannot run there do not matter.
//   - its condition known only at run time: both branches are inlined, their nodes guarded by
//     { if, branch }, and each If output is written by a kiln.IfOutput copy at the end of each
//     branch. The executor skips the kernels of the branch not taken (executor.ts).
//
// Branch nodes read outer values by name: value names are unique across a model and its subgraphs
// (ONNX forbids shadowing), so inlined nodes keep theirs and outer values stay bound. Loop and Scan
// with a trip count known at compile time are unrolled (unroll.ts); others are refused.
import { attrGraph } from '../ir/attributes.ts';
import { topologicalOrder } from '../ir/graph.ts';
import { numElements } from '../ir/tensor.ts';
import type { Graph, Node, Tensor } from '../ir/types.ts';
import type { DType } from '../ir/dtype.ts';
import { foldNode, type FoldInput } from './fold.ts';
import { unrollLoop, unrollScan } from './unroll.ts';
import type { ShapeDeadBranch } from './shape-dead-branches.ts';

/** A kernel under a guard runs only when the If `ifId` takes `branch`. */
export interface Guard {
  readonly ifId: string;
  readonly branch: 'then' | 'else';
}

/** An If whose condition is known only at run time. */
export interface RuntimeIf {
  readonly node: Node;
  /** The condition value (a one-element bool tensor). */
  readonly cond: string;
  /** Guards of the If itself: the runtime branches it sits in, outermost first. */
  readonly guards: readonly Guard[];
  /** A branch set aside because it has no static shapes for these inputs (shape-dead-branches.ts): not inlined. */
  readonly shapeDead?: ShapeDeadBranch;
}

export interface FlatProblem {
  readonly reason: string;
  /** The run-time branches the problem sits in: it disables the innermost one, not the model. */
  readonly guards: readonly Guard[];
}

export interface FlatGraph {
  /** Every node to lower or fold, in an order that respects data flow (Ifs replaced by their branches). */
  readonly order: readonly Node[];
  /** Guards by node id; nodes outside runtime branches have none. */
  readonly guards: ReadonlyMap<string, readonly Guard[]>;
  readonly runtimeIfs: readonly RuntimeIf[];
  /** Refusals found while flattening, by node id (legality reports them, target.ts). */
  readonly problems: ReadonlyMap<string, FlatProblem>;
  readonly constants: ReadonlyMap<string, Tensor>;
  readonly folded: ReadonlySet<string>;
  /** Types of values made while flattening (unroll.ts). */
  readonly types: ReadonlyMap<string, SyntheticType>;
}

/** The op that copies a branch output into its If output (kernels/sequence/if-output.ts). */
export const IF_OUTPUT_DOMAIN = 'kiln';
export const IF_OUTPUT_OP = 'IfOutput';

function isDefaultDomain(node: Node): boolean {
  return node.domain === '' || node.domain === 'ai.onnx';
}

/** A one-element tensor's truth value, or undefined when it is not one element. */
export function conditionValue(t: Tensor): boolean | undefined {
  if (numElements(t.dims) !== 1 || t.data.kind !== 'raw') return undefined;
  return t.data.bytes.some((b) => b !== 0);
}

function synthetic(id: string, opType: string, domain: string, input: string, output: string, from: Node): Node {
  return { id, name: '', opType, domain, inputs: [input], outputs: [output], attributes: [], provenance: [from.id] };
}

function formatShape(dims: readonly number[] | undefined): string {
  return dims ? `[${dims.join(',')}]` : 'of unknown shape';
}

/** What unrolling (unroll.ts) needs from the walk. */
export interface FlattenContext {
  readonly opset: number;
  readonly constants: Map<string, Tensor>;
  /** Types of values made while flattening (unrolled iterations), by name. */
  readonly types: Map<string, SyntheticType>;
  dimsOf(value: string): readonly number[] | undefined;
  dtypeOf(value: string): DType | undefined;
  /** Folds and lowers the nodes (If and unrolling applied to them too). */
  walk(nodes: readonly Node[], under: readonly Guard[]): void;
  problem(nodeId: string, reason: string, under: readonly Guard[]): void;
}

export interface SyntheticType {
  readonly dtype: DType;
  readonly dims: readonly number[];
}

export function flattenGraph(
  top: readonly Node[],
  fold: Omit<FoldInput, 'order'> & { readonly dtypeOf: (value: string) => DType | undefined },
  shapeDead: ReadonlyMap<string, ShapeDeadBranch> = new Map(),
): FlatGraph {
  const constants = new Map<string, Tensor>(fold.initializers.map((t) => [t.name, t]));
  const types = new Map<string, SyntheticType>();
  const folded = new Set<string>();
  const order: Node[] = [];
  const guards = new Map<string, readonly Guard[]>();
  const runtimeIfs: RuntimeIf[] = [];
  const problems = new Map<string, FlatProblem>();

  const dimsOf = (value: string) => constants.get(value)?.dims ?? types.get(value)?.dims ?? fold.staticDims(value);
  const dtypeOf = (value: string) => constants.get(value)?.dtype ?? types.get(value)?.dtype ?? fold.dtypeOf(value);
  const foldInput = { opset: fold.opset, staticDims: dimsOf };
  const emit = (node: Node, under: readonly Guard[]) => {
    foldNode(node, foldInput, constants, folded);
    order.push(node);
    if (under.length) guards.set(node.id, under);
  };
  const context: FlattenContext = {
    opset: fold.opset,
    constants,
    types,
    dimsOf,
    dtypeOf,
    walk: (nodes, under) => walk(nodes, under),
    problem: (nodeId, reason, under) => problems.set(nodeId, { reason, guards: under }),
  };

  const branchNodes = (node: Node, name: 'then_branch' | 'else_branch', under: readonly Guard[]): { graph: Graph; nodes: readonly Node[] } | undefined => {
    const graph = attrGraph(node, name);
    if (!graph) {
      problems.set(node.id, { reason: `If has no ${name}`, guards: under });
      return undefined;
    }
    const sorted = topologicalOrder(graph);
    if ('cycle' in sorted) {
      problems.set(node.id, { reason: `${name} has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`, guards: under });
      return undefined;
    }
    // Initializers of a branch are constants like the main graph's.
    for (const t of graph.initializers) constants.set(t.name, t);
    return { graph, nodes: sorted.order };
  };

  const walk = (nodes: readonly Node[], under: readonly Guard[]): void => {
    for (const node of nodes) {
      if (isDefaultDomain(node) && (node.opType === 'Loop' || node.opType === 'Scan')) {
        // Unrolled into the walk, or left in place with the reason it could not be.
        if (!(node.opType === 'Loop' ? unrollLoop : unrollScan)(node, context, under)) order.push(node);
        continue;
      }
      if (node.opType !== 'If' || !isDefaultDomain(node)) {
        emit(node, under);
        continue;
      }
      const condName = node.inputs[0] ?? '';
      const cond = constants.get(condName);
      const known = cond ? conditionValue(cond) : undefined;
      if (known !== undefined) {
        // The condition is a compile-time constant: the taken branch stands in for the If.
        const taken = branchNodes(node, known ? 'then_branch' : 'else_branch', under);
        if (!taken) {
          order.push(node);
          continue;
        }
        walk(taken.nodes, under);
        node.outputs.forEach((out, k) => {
          const from = taken.graph.outputs[k]?.name;
          if (out && from) emit(synthetic(`${node.id}/output_${k}`, 'Identity', '', from, out, node), under);
        });
        folded.add(node.id);
        continue;
      }
      const branches = [branchNodes(node, 'then_branch', under), branchNodes(node, 'else_branch', under)] as const;
      const [then, otherwise] = branches;
      if (!then || !otherwise) {
        order.push(node);
        continue;
      }
      const condDims = dimsOf(condName);
      if (condDims && numElements(condDims) !== 1) problems.set(node.id, { reason: `the condition '${condName}' has shape ${formatShape(condDims)}, not one element`, guards: under });
      const dead = shapeDead.get(node.id);
      runtimeIfs.push({ node, cond: condName, guards: under, ...(dead ? { shapeDead: dead } : {}) });
      for (const [branch, b] of [['then', then], ['else', otherwise]] as const) {
        if (dead?.branch === branch) continue;
        const inner = [...under, { ifId: node.id, branch }];
        walk(b.nodes, inner);
        node.outputs.forEach((out, k) => {
          const from = b.graph.outputs[k]?.name;
          if (!out || !from) return;
          const [have, want] = [dimsOf(from), dimsOf(out)];
          const copy = synthetic(`${node.id}/${branch}_output_${k}`, IF_OUTPUT_OP, IF_OUTPUT_DOMAIN, from, out, node);
          if (!have || !want || have.length !== want.length || have.some((d, i) => d !== want[i])) {
            const reason = `${branch}_branch output ${k} '${from}' is ${formatShape(have)} where the If output '${out}' is ${formatShape(want)}: each value needs one static shape`;
            problems.set(copy.id, { reason, guards: inner });
          }
          emit(copy, inner);
        });
      }
    }
  };

  walk(top, []);
  return { order, guards, runtimeIfs, problems, constants, folded, types };
}
