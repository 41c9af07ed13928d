// What is true of a model before any kernel exists: every value's dtype and static shape (from
// the IR's shape inference, given the input shapes), the values known at compile time, and the
// nodes folded into constants. Legality (target.ts) and lowering (lower.ts) both read these facts.
import type { DType } from '../ir/dtype.ts';
import { InputError } from '../ir/errors.ts';
import { topologicalOrder } from '../ir/graph.ts';
import { inferShapes } from '../ir/infer/infer-shapes.ts';
import type { Model, Node, Tensor } from '../ir/types.ts';
import { foldConstants } from './fold.ts';
import { aiOnnxOpset } from './opset.ts';

export interface ModelFacts {
  readonly opset: number;
  /** Nodes in topological order. */
  readonly order: readonly Node[];
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

/** Facts for the model with these (possibly partial) input shapes; cached per model and shapes. */
export function analyzeModel(model: Model, inputShapes: Readonly<Record<string, readonly number[]>>): ModelFacts {
  const key = JSON.stringify(Object.entries(inputShapes).sort(([a], [b]) => (a < b ? -1 : 1)));
  let perModel = cache.get(model);
  const hit = perModel?.get(key);
  if (hit) return hit;
  const facts = analyze(model, inputShapes);
  if (!perModel) cache.set(model, (perModel = new Map()));
  perModel.set(key, facts);
  return facts;
}

function analyze(model: Model, inputShapes: Readonly<Record<string, readonly number[]>>): ModelFacts {
  const sorted = topologicalOrder(model.graph);
  if ('cycle' in sorted) throw new InputError(`the graph has a cycle through ${sorted.cycle.map((n) => n.id).join(' -> ')}`);
  const { types, diagnostics } = inferShapes(model, { inputShapes });
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
    if (d.severity !== 'error' || !d.nodeId || errors.has(d.nodeId)) continue;
    // Inference words its messages "node 'id' (Op): ..."; the backend names nodes "Op (id): ...".
    errors.set(d.nodeId, d.message.replace(/^node '[^']*' \([^)]*\):\s*/, ''));
  }
  const opset = aiOnnxOpset(model);
  const { constants, folded } = foldConstants({ order: sorted.order, opset, initializers: model.graph.initializers, staticDims });
  return {
    opset,
    order: sorted.order,
    constants,
    folded,
    errors,
    dtypeOf: (value) => constants.get(value)?.dtype ?? tensorType(value)?.dtype,
    staticDims: (value) => constants.get(value)?.dims ?? staticDims(value),
  };
}
