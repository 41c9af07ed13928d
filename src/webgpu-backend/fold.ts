// Compile-time evaluation: a node whose inputs are all known at compile time (initializers,
// Constants, earlier folded nodes) is computed once on the CPU with the IR's evaluator and its
// outputs become constants, uploaded as weights where a kernel reads them. Shape and Size need
// only their input's static shape, so shape chains (Shape -> Gather -> Concat -> Reshape) fold
// away even when the tensor itself is computed at run time. A kiln.FusedElementwise over
// constants folds too (its expression evaluated on the CPU): fuse-elementwise fuses shape
// arithmetic such as Not(Equal(Size(x), 2)), and an If condition computed so must still be known
// at compile time (Silero VAD's decoder picks Squeeze or Identity by it, with different shapes).
import { attrString, attrStrings } from '../ir/attributes.ts';
import { canEvaluate, evaluateNode } from '../ir/eval/evaluate.ts';
import { numElements } from '../ir/tensor.ts';
import type { Node, Tensor } from '../ir/types.ts';
import { evaluateExpression } from '../passes/fusion/expression/evaluate.ts';
import { FUSED_ELEMENTWISE_DOMAIN, FUSED_ELEMENTWISE_MULTI_OP, FUSED_ELEMENTWISE_OP } from '../passes/fusion/expression/lower.ts';
import { parseExpression } from '../passes/fusion/expression/parse.ts';
import { canEvaluateFusedReduce, evaluateFusedReduce, isFusedReduce } from '../passes/fusion/fused-reduce-function.ts';
import { evaluateFusedInjective, isFusedInjective } from '../passes/fusion/injective/function.ts';
import { constantValue, isTensor } from './constants.ts';

/** Outputs larger than this stay kernels: folding must not trade GPU time for a huge upload. */
export const FOLD_MAX_ELEMENTS = 1 << 24;
/** Multiply-adds beyond this stay kernels: the CPU evaluator must not stall compilation. */
export const FOLD_MAX_MACS = 1 << 26;

export interface FoldInput {
  readonly order: readonly Node[];
  readonly opset: number;
  readonly initializers: readonly Tensor[];
  /** Static dims of a value where inference found them. */
  readonly staticDims: (value: string) => readonly number[] | undefined;
}

export interface FoldResult {
  /** Initializers, Constant outputs and folded outputs, by value name. */
  readonly constants: ReadonlyMap<string, Tensor>;
  /** Ids of the nodes evaluated at compile time (Constant nodes are not counted). */
  readonly folded: ReadonlySet<string>;
}

const SHAPE_ONLY = new Set(['Shape', 'Size']);

/** M·N·K of a MatMul or Gemm whose operand shapes are known (batches included), else 0. */
function macs(node: Node, input: Pick<FoldInput, 'staticDims'>): number {
  if (node.opType !== 'MatMul' && node.opType !== 'Gemm') return 0;
  const [a, b] = [input.staticDims(node.inputs[0] ?? ''), input.staticDims(node.inputs[1] ?? '')];
  const out = node.outputs[0] ? input.staticDims(node.outputs[0]) : undefined;
  if (!a || !b || !out) return 0;
  const k = Math.max(a.at(-1) ?? 1, a.at(-2) ?? 1, 1);
  return numElements(out) * k;
}

const isFusedElementwise = (node: Node) => node.domain === FUSED_ELEMENTWISE_DOMAIN && (node.opType === FUSED_ELEMENTWISE_OP || node.opType === FUSED_ELEMENTWISE_MULTI_OP);

/** The CPU evaluator, or for a fused elementwise node its expression's evaluator. */
function evaluate(node: Node, args: readonly (Tensor | undefined)[], opset: number): Tensor[] {
  // A fused reduction or injective group over constants (a fused shape computation) folds like the ops it replaced.
  if (isFusedReduce(node)) return [evaluateFusedReduce(node, args as Tensor[], opset)];
  if (isFusedInjective(node)) return [evaluateFusedInjective(node, args as Tensor[])];
  if (!isFusedElementwise(node)) return evaluateNode(node, args, opset);
  // kiln.FusedElementwiseMulti (fuse-siblings) carries one expression per output.
  const texts = node.opType === FUSED_ELEMENTWISE_MULTI_OP ? attrStrings(node, 'expressions') : [attrString(node, 'expression')];
  if (!texts || texts.some((t) => t === undefined) || args.some((a) => !a)) throw new Error('a fused elementwise node without its expression or inputs');
  return texts.map((text) => evaluateExpression(parseExpression(text!), args as Tensor[]));
}

function foldable(node: Node, input: Pick<FoldInput, 'staticDims'>): boolean {
  if (!(canEvaluate(node) || isFusedElementwise(node) || isFusedInjective(node) || (isFusedReduce(node) && canEvaluateFusedReduce(node))) || macs(node, input) > FOLD_MAX_MACS) return false;
  return node.outputs.every((o) => {
    const dims = o ? input.staticDims(o) : undefined;
    return !dims || numElements(dims) <= FOLD_MAX_ELEMENTS;
  });
}

export function foldConstants(input: FoldInput): FoldResult {
  const constants = new Map<string, Tensor>(input.initializers.map((t) => [t.name, t]));
  const folded = new Set<string>();
  for (const node of input.order) foldNode(node, input, constants, folded);
  return { constants, folded };
}

/**
 * Folds one node when it can: its outputs join `constants` and its id joins `folded`. Exported for
 * control-flow flattening (control-flow.ts), which folds nodes one at a time while it walks into
 * If branches, so a branch condition computed from folded values is known when the If is reached.
 */
export function foldNode(node: Node, input: Omit<FoldInput, 'order' | 'initializers'>, constants: Map<string, Tensor>, folded: Set<string>): void {
  if (node.opType === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx')) {
    const value = constantValue(node);
    if (isTensor(value) && node.outputs[0]) constants.set(node.outputs[0], value);
    return;
  }
  if (!foldable(node, input)) return;
  const args = node.inputs.map((name, i): Tensor | undefined | null => {
    if (!name) return undefined;
    const known = constants.get(name);
    if (known) return known;
    const dims = SHAPE_ONLY.has(node.opType) && i === 0 ? input.staticDims(name) : undefined;
    // Shape and Size read dims only: a stand-in without data serves.
    return dims ? { name, dtype: 'float32', dims, data: { kind: 'raw', bytes: new Uint8Array() } } : null;
  });
  if (args.some((a) => a === null)) return;
  let outputs: Tensor[];
  try {
    outputs = evaluate(node, args as (Tensor | undefined)[], input.opset);
  } catch {
    return; // a dtype or attribute the evaluator does not handle: the node stays a kernel
  }
  node.outputs.forEach((name, k) => {
    const t = outputs[k];
    if (name && t) constants.set(name, { ...t, name });
  });
  folded.add(node.id);
}
