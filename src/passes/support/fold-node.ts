// Evaluating one node for constant folding: is everything it reads known, may it be folded at
// all, and is its result small enough to compute? Returns the result or the reason it declined.
import { canEvaluate, evaluateNode } from '../../ir/eval/evaluate.ts';
import { dtypeSize } from '../../ir/dtype.ts';
import { numElements, tensorByteLength } from '../../ir/tensor.ts';
import type { Node, Tensor, ValueType } from '../../ir/types.ts';
import type { NearMiss } from '../pass.ts';
import { isDefaultDomain, RANDOM_OPS, staticDims } from './constant-values.ts';
import { describeTensor, formatBytes, formatShape } from './describe.ts';
import { exceedsGuard, inputBytes, predictedResultBytes } from './size-guard.ts';

export const FOLD_RULES = {
  evaluate: 'fold-constants/evaluate',
  constant: 'fold-constants/constant-to-initializer',
  guard: 'fold-constants/size-guard',
  staticShape: 'fold-constants/static-shape',
  notFoldable: 'fold-constants/not-foldable',
} as const;

export interface FoldEnv {
  readonly opset: number;
  readonly types: ReadonlyMap<string, ValueType>;
}

export interface Folded {
  readonly outputs: readonly Tensor[];
  /** How each input was known, for the explanation. */
  readonly sources: readonly string[];
  /** Set for Shape/Size of a value that is not constant but whose shape is static. */
  readonly staticShapeOf?: string;
}

export type FoldOutcome = { readonly folded: Folded } | { readonly miss: NearMiss } | undefined;

export const nodeLabel = (n: Node) => `${n.opType} ${n.id}`;

export function nearMiss(n: Node, rule: string, reason: string): { miss: NearMiss } {
  return { miss: { rule, nodeId: n.id, reason: `${nodeLabel(n)}: ${reason}` } };
}

function inferredBytes(n: Node, types: ReadonlyMap<string, ValueType>): number | undefined {
  let total = 0;
  for (const o of n.outputs) {
    const t = o ? types.get(o) : undefined;
    const dims = staticDims(t);
    if (!dims || t?.kind !== 'tensor') return undefined;
    total += numElements(dims) * dtypeSize(t.dtype);
  }
  return total;
}

function evaluate(n: Node, inputs: (Tensor | undefined)[], env: FoldEnv): Tensor[] | { miss: NearMiss } {
  try {
    return evaluateNode(n, inputs, env.opset);
  } catch (e) {
    return nearMiss(n, FOLD_RULES.evaluate, `cannot evaluate: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Folds one node when everything it reads is in `constants` (or, for Shape/Size, its input's shape is static). */
export function foldNode(n: Node, constants: ReadonlyMap<string, Tensor>, env: FoldEnv): FoldOutcome {
  if (n.opType === 'Constant' && isDefaultDomain(n)) {
    // Already in the model: it only changes from a node into an initializer, so no size guard.
    const r = evaluate(n, [], env);
    return 'miss' in r ? r : { folded: { outputs: r, sources: [] } };
  }
  const allConstant = n.inputs.every((i) => !i || constants.has(i));
  if (!isDefaultDomain(n)) return allConstant ? nearMiss(n, FOLD_RULES.notFoldable, `ops of domain '${n.domain}' are not folded`) : undefined;
  if (RANDOM_OPS.has(n.opType)) return allConstant ? nearMiss(n, FOLD_RULES.notFoldable, 'random ops are never folded') : undefined;
  let inputs: (Tensor | undefined)[];
  let sources: string[];
  let staticShapeOf: string | undefined;
  if (allConstant) {
    inputs = n.inputs.map((i) => (i ? constants.get(i) : undefined));
    sources = inputs.filter((t): t is Tensor => t !== undefined).map((t) => `constant ${describeTensor(t)}`);
  } else if ((n.opType === 'Shape' || n.opType === 'Size') && n.inputs.slice(1).every((i) => !i)) {
    const x = n.inputs[0]!;
    const type = env.types.get(x);
    const dims = staticDims(type);
    if (!dims || type?.kind !== 'tensor') {
      const shape = type?.kind === 'tensor' && type.shape ? `not static (${formatShape(type.shape)})` : 'unknown';
      return nearMiss(n, FOLD_RULES.staticShape, `the shape of ${x} is ${shape}`);
    }
    // Shape and Size read only the dims, so a tensor without data stands in for the value.
    inputs = [{ name: x, dtype: type.dtype, dims, data: { kind: 'raw', bytes: new Uint8Array(0) } }];
    staticShapeOf = `${x} ${formatShape(dims)}`;
    sources = [`the static shape of ${staticShapeOf}`];
  } else {
    return undefined;
  }
  if (!canEvaluate(n)) return nearMiss(n, FOLD_RULES.notFoldable, `the CPU evaluator has no ${n.opType}`);
  const inBytes = allConstant ? inputBytes(inputs) : 0;
  const guard = (bytes: number) => nearMiss(n, FOLD_RULES.guard, `result ${formatBytes(bytes)} would be larger than its inputs (${formatBytes(inBytes)}); not folded`);
  // Known before evaluating where possible, so a huge ConstantOfShape is never allocated.
  const predicted = predictedResultBytes(n, inputs) ?? inferredBytes(n, env.types);
  if (predicted !== undefined && exceedsGuard(n.opType, predicted, inBytes)) return guard(predicted);
  const outputs = evaluate(n, inputs, env);
  if ('miss' in outputs) return outputs;
  const outBytes = outputs.reduce((s, t) => s + tensorByteLength(t), 0);
  if (exceedsGuard(n.opType, outBytes, inBytes)) return guard(outBytes);
  return { folded: { outputs, sources, ...(staticShapeOf ? { staticShapeOf } : {}) } };
}
