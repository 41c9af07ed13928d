// What is true of a model before any kernel exists: every value's dtype and static shape (from
// the IR's shape inference, given the input shapes), the values known at compile time, and the
// nodes folded into constants. Legality (target.ts) and lowering (lower.ts) both read these facts.
import { dropUnreadOptionalOutputs } from './unread-outputs.ts';
import type { DType } from '../ir/dtype.ts';
import { InputError } from '../ir/errors.ts';
import { runtimeInputs, topologicalOrder } from '../ir/graph.ts';
import { inferShapes } from '../ir/infer/infer-shapes.ts';
import type { Model, Node, Tensor } from '../ir/types.ts';
import { condProgram, cpuOnlyNodes, type CondProgram } from './cond-program.ts';
import { flattenGraph, type FlatProblem, type Guard, type RuntimeIf } from './control-flow.ts';
import { findShapeDeadBranches, withLiveBranches, type ShapeDeadBranch } from './shape-dead-branches.ts';
import { aiOnnxOpset } from './opset.ts';

/** A run-time If with, where its condition follows from graph inputs on the CPU, the program computing it. */
export interface RuntimeIfFacts extends RuntimeIf {
  readonly program?: CondProgram;
}

export interface ModelFacts {
  readonly opset: number;
  /**
   * Nodes in topological order, If nodes replaced by their branches (control-flow.ts): the taken
   * one where the condition is known at compile time, both (guarded) where it is not.
   */
  readonly order: readonly Node[];
  /** Guards of nodes inside run-time If branches, by node id. */
  readonly guards: ReadonlyMap<string, readonly Guard[]>;
  readonly runtimeIfs: readonly RuntimeIfFacts[];
  /** Refusals found while flattening control flow, by node id, with the branches they sit in. */
  readonly problems: ReadonlyMap<string, FlatProblem>;
  /** Initializers, Constant outputs and outputs of folded nodes. */
  readonly constants: ReadonlyMap<string, Tensor>;
  /** Ids of nodes evaluated at compile time. */
  readonly folded: ReadonlySet<string>;
  /** Shape inference's error for a node, by node id. */
  readonly errors: ReadonlyMap<string, string>;
  dtypeOf(value: string): DType | undefined;
  /** The value's dims when every one is a number. */
  staticDims(value: string): readonly number[] | undefined;
}

const cache = new WeakMap<Model, Map<string, ModelFacts>>();
/** What shape inference appends to an error it downgrades inside an If branch that may not run. */
const BRANCH_NOTE = ' (in an If branch that may not run)';
/** Nesting depth of If branches set aside one level per round (Silero VAD needs 1). */
const MAX_SPECIALIZE_ROUNDS = 4;

/** Facts for the model with these (possibly partial) input shapes; cached per model and shapes. */
export function analyzeModel(model: Model, inputShapes: Readonly<Record<string, readonly number[]>>, inputValues: Readonly<Record<string, Tensor>> = {}): ModelFacts {
  const values = Object.entries(inputValues).map(([name, t]) => [name, t.dtype, t.dims, t.data.kind === 'raw' ? [...t.data.bytes] : []]);
  const key = JSON.stringify([Object.entries(inputShapes).sort(([a], [b]) => (a < b ? -1 : 1)), values.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))]);
  let perModel = cache.get(model);
  const hit = perModel?.get(key);
  if (hit) return hit;
  const facts = analyze(model, inputShapes, inputValues);
  if (!perModel) cache.set(model, (perModel = new Map()));
  perModel.set(key, facts);
  return facts;
}

function analyze(model: Model, inputShapes: Readonly<Record<string, readonly number[]>>, inputValues: Readonly<Record<string, Tensor>>): ModelFacts {
  // Run-time If branches without static shapes are set aside and shapes inferred again without
  // them (shape-dead-branches.ts); nested ones show up in later rounds.
  const shapeDead = new Map<string, ShapeDeadBranch>();
  for (let round = 0; ; round++) {
    const facts = analyzeOnce(withLiveBranches(model, shapeDead), inputShapes, inputValues, shapeDead);
    const found = round < MAX_SPECIALIZE_ROUNDS ? findShapeDeadBranches(facts.runtimeIfs, facts.staticDims, facts.errors, shapeDead) : new Map();
    if (!found.size) return facts;
    found.forEach((d, id) => shapeDead.set(id, d));
  }
}

function analyzeOnce(
  model: Model,
  inputShapes: Readonly<Record<string, readonly number[]>>,
  inputValues: Readonly<Record<string, Tensor>>,
  shapeDead: ReadonlyMap<string, ShapeDeadBranch>,
): ModelFacts {
  const sorted = topologicalOrder(model.graph);
  if ('cycle' in sorted) throw new InputError(`the graph has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);
  const { types, diagnostics } = inferShapes(model, { inputShapes, inputValues });
  const tensorType = (value: string) => {
    const t = types.get(value);
    return t?.kind === 'tensor' ? t : undefined;
  };
  const staticDims = (value: string): readonly number[] | undefined => {
    const shape = tensorType(value)?.shape;
    return shape && shape.every((d): d is number => typeof d === 'number' && d >= 0) ? shape : undefined;
  };
  const errors = new Map<string, string>();
  for (const d of diagnostics) {
    // Inference downgrades errors in If branches it cannot decide; a branch Kiln lowers must be sound.
    const inBranch = d.severity === 'warning' && d.message.endsWith(BRANCH_NOTE);
    if ((d.severity !== 'error' && !inBranch) || !d.nodeId || errors.has(d.nodeId)) continue;
    const message = inBranch ? d.message.slice(0, -BRANCH_NOTE.length) : d.message;
    // Inference words its messages "node 'id' (Op): ..."; the backend names nodes "Op (id): ...".
    errors.set(d.nodeId, message.replace(/^node '[^']*' \([^)]*\):\s*/, ''));
  }
  const opset = aiOnnxOpset(model);
  // Inputs with values fixed at compile time fold like initializers.
  const fixed = Object.entries(inputValues).map(([name, t]) => ({ ...t, name }));
  const inferredDtype = (value: string) => tensorType(value)?.dtype;
  const flat = flattenGraph(sorted.order, { opset, initializers: [...model.graph.initializers, ...fixed], staticDims, dtypeOf: inferredDtype }, shapeDead);
  const { constants, folded } = flat;
  const dimsOf = (value: string) => constants.get(value)?.dims ?? flat.types.get(value)?.dims ?? staticDims(value);
  const inputs = new Set(runtimeInputs(model.graph).map((v) => v.name));
  const runtimeIfs = flat.runtimeIfs.map((r): RuntimeIfFacts => {
    const program = condProgram(r.cond, flat, inputs, dimsOf);
    return program ? { ...r, program } : r;
  });
  const gpuReads = [...model.graph.outputs.map((o) => o.name), ...runtimeIfs.filter((r) => !r.program).map((r) => r.cond)];
  const cpuOnly = cpuOnlyNodes(flat.order, runtimeIfs.flatMap((r) => (r.program ? [r.program] : [])), gpuReads);
  const kept = cpuOnly.size ? flat.order.filter((n) => !cpuOnly.has(n.id)) : flat.order;
  return {
    opset,
    order: dropUnreadOptionalOutputs(kept, gpuReads),
    guards: flat.guards,
    runtimeIfs,
    problems: flat.problems,
    constants,
    folded,
    errors,
    dtypeOf: (value) => constants.get(value)?.dtype ?? flat.types.get(value)?.dtype ?? inferredDtype(value),
    staticDims: dimsOf,
  };
}
