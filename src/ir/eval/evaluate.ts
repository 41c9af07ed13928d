// The CPU reference evaluator: computes one node's outputs from constant inputs. Constant folding
// uses it, and so can a backend for constant-only nodes at compile time. It knows nothing of
// passes or graphs: a node and its input tensors in, output tensors out.
import type { Node, Tensor } from '../types.ts';
import type { OpEvaluator } from './kernel.ts';
import { evalError } from './values.ts';
import { evalAdd, evalDiv, evalMod, evalMul, evalPow, evalSub } from './ops/arithmetic.ts';
import { evalCast, evalCastLike } from './ops/cast.ts';
import { evalClip } from './ops/clip.ts';
import { evalAnd, evalEqual, evalGreater, evalGreaterOrEqual, evalLess, evalLessOrEqual, evalNot, evalOr, evalXor } from './ops/compare.ts';
import { evalConcat, evalSplit } from './ops/concat-split.ts';
import { evalConstant, evalConstantOfShape } from './ops/constant.ts';
import { evalExpand, evalTile } from './ops/expand-tile.ts';
import { evalGather, evalGatherElements } from './ops/gather.ts';
import { evalDropout, evalIdentity } from './ops/identity.ts';
import { evalGemm, evalMatMul } from './ops/matmul.ts';
import { evalRange } from './ops/range.ts';
import { evalReduce } from './ops/reduce.ts';
import { evalFlatten, evalReshape, evalSqueeze, evalUnsqueeze } from './ops/reshape.ts';
import { evalShape, evalSize } from './ops/shape.ts';
import { evalSlice } from './ops/slice.ts';
import { evalTranspose } from './ops/transpose.ts';
import { evalUnary, UNARY_OPS } from './ops/unary.ts';
import { evalVariadic } from './ops/variadic.ts';
import { evalWhere } from './ops/where.ts';

/** ONNX (default domain) op type -> its evaluator. */
export const EVALUATORS: Readonly<Record<string, OpEvaluator>> = {
  Constant: evalConstant,
  ConstantOfShape: evalConstantOfShape,
  Identity: evalIdentity,
  Dropout: evalDropout,
  Cast: evalCast,
  CastLike: evalCastLike,
  Shape: evalShape,
  Size: evalSize,
  Gather: evalGather,
  GatherElements: evalGatherElements,
  Reshape: evalReshape,
  Flatten: evalFlatten,
  Unsqueeze: evalUnsqueeze,
  Squeeze: evalSqueeze,
  Concat: evalConcat,
  Split: evalSplit,
  Transpose: evalTranspose,
  Slice: evalSlice,
  Expand: evalExpand,
  Tile: evalTile,
  Range: evalRange,
  Where: evalWhere,
  Equal: evalEqual,
  Less: evalLess,
  Greater: evalGreater,
  LessOrEqual: evalLessOrEqual,
  GreaterOrEqual: evalGreaterOrEqual,
  Not: evalNot,
  And: evalAnd,
  Or: evalOr,
  Xor: evalXor,
  Add: evalAdd,
  Sub: evalSub,
  Mul: evalMul,
  Div: evalDiv,
  Pow: evalPow,
  Mod: evalMod,
  ...Object.fromEntries(UNARY_OPS.map((op) => [op, evalUnary])),
  Min: evalVariadic,
  Max: evalVariadic,
  Sum: evalVariadic,
  Mean: evalVariadic,
  Clip: evalClip,
  ReduceSum: evalReduce,
  ReduceMean: evalReduce,
  ReduceProd: evalReduce,
  ReduceMin: evalReduce,
  ReduceMax: evalReduce,
  MatMul: evalMatMul,
  Gemm: evalGemm,
};

function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}

/** Whether the evaluator has an implementation for this node's op (its dtypes are checked when it runs). */
export function canEvaluate(node: Pick<Node, 'opType' | 'domain'>): boolean {
  return isDefaultDomain(node.domain) && Object.hasOwn(EVALUATORS, node.opType);
}

/**
 * Evaluates one node; `inputs` line up with node.inputs (undefined for omitted optional ones)
 * and `opset` is the model's default-domain opset version. Throws an InputError naming the
 * node when the op, a dtype or an attribute is not supported, or the inputs do not fit.
 */
export function evaluateNode(node: Node, inputs: readonly (Tensor | undefined)[], opset: number): Tensor[] {
  if (!canEvaluate(node)) throw evalError(node, `the CPU evaluator has no implementation for ${node.domain ? `${node.domain}.` : ''}${node.opType}`);
  for (let i = 0; i < node.inputs.length; i++) {
    if (node.inputs[i] && !inputs[i]) throw evalError(node, `input ${i} ('${node.inputs[i]}') was not given`);
  }
  const outputs = EVALUATORS[node.opType]!(node, inputs, opset);
  if (outputs.length < node.outputs.filter((o) => o).length) throw evalError(node, `produced ${outputs.length} outputs for ${node.outputs.length}`);
  return outputs;
}
