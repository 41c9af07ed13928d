// kiln.FusedReduce, the node fuse-reduce makes: an elementwise expression (the language of
// kiln.FusedElementwise) computed per element and reduced over fixed axes, in one pass over the
// inputs. Its attributes say everything: `expression`, `reduce` (the ONNX Reduce op), `axes`
// (normalized, sorted, never empty) and `keepdims`. The model-local function it calls is the
// expression's body followed by that Reduce, so onnxruntime runs the model unchanged; the CPU
// evaluator here lets the backend fold one over constants (a fused shape computation).
import { attrInt, attrInts, attrString } from '../../ir/attributes.ts';
import { evaluateNode } from '../../ir/eval/evaluate.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Attribute, FunctionDef, Node, Tensor } from '../../ir/types.ts';
import type { Expr } from './expression/ast.ts';
import { evaluateExpression } from './expression/evaluate.ts';
import { expressionFunction } from './expression/lower.ts';
import { parseExpression } from './expression/parse.ts';

export const FUSED_REDUCE_DOMAIN = 'kiln';
export const FUSED_REDUCE_OP = 'FusedReduce';

/** The Reduce ops a kiln.FusedReduce can end in (every ONNX Reduce: the kernel has each one). */
export const FUSABLE_REDUCES: ReadonlySet<string> = new Set([
  'ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd',
  'ReduceSumSquare', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp',
]);

export interface FusedReduceSpec {
  readonly expression: string;
  readonly reduce: string;
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

export const isFusedReduce = (n: Pick<Node, 'domain' | 'opType'>): boolean => n.domain === FUSED_REDUCE_DOMAIN && n.opType === FUSED_REDUCE_OP;

/** The spec's text (the function's doc string): different specs never share an overload. */
export const specText = (s: FusedReduceSpec): string => `${s.reduce}(${s.expression}; axes=[${s.axes.join(',')}]; keepdims=${s.keepdims ? 1 : 0})`;

export function fusedReduceAttributes(s: FusedReduceSpec): Attribute[] {
  return [
    { name: 'expression', type: 'string', value: s.expression },
    { name: 'reduce', type: 'string', value: s.reduce },
    { name: 'axes', type: 'ints', value: [...s.axes] },
    { name: 'keepdims', type: 'int', value: s.keepdims ? 1 : 0 },
  ];
}

/** The node's spec, or the reason it has none (a hand-edited node missing an attribute). */
export function readFusedReduce(n: Pick<Node, 'attributes'>): FusedReduceSpec | string {
  const expression = attrString(n, 'expression');
  const reduce = attrString(n, 'reduce');
  const axes = attrInts(n, 'axes');
  if (expression === undefined) return 'it has no expression attribute';
  if (!reduce || !FUSABLE_REDUCES.has(reduce)) return `its reduce attribute '${reduce ?? ''}' is not an ONNX Reduce op`;
  if (!axes?.length) return 'it has no axes';
  return { expression, reduce, axes, keepdims: attrInt(n, 'keepdims', 1) !== 0 };
}

/** Axes are an input from opset 13 for ReduceSum, from 18 for the other Reduce ops. */
export const axesAreInput = (reduce: string, opset: number): boolean => opset >= (reduce === 'ReduceSum' ? 13 : 18);

/** The standard Reduce node computing `output` from `input` at `opset` (axes an attribute, or the value `axesValue`). */
function reduceNode(s: FusedReduceSpec, input: string, output: string, opset: number, axesValue: string): Node {
  const asInput = axesAreInput(s.reduce, opset);
  const attributes: Attribute[] = [{ name: 'keepdims', type: 'int', value: s.keepdims ? 1 : 0 }];
  if (!asInput) attributes.unshift({ name: 'axes', type: 'ints', value: [...s.axes] });
  return { id: 'reduce', name: 'reduce', opType: s.reduce, domain: '', inputs: asInput ? [input, axesValue] : [input], outputs: [output], attributes };
}

/** kiln.FusedReduce:<overload>: the expression's ops (output `e`), then the Reduce into `y`. */
export function fusedReduceFunction(expr: Expr, s: FusedReduceSpec, overload: string, opset: number): FunctionDef {
  const inner = expressionFunction(expr, overload, opset);
  const nodes = inner.nodes.map((n) => (n.outputs[0] === 'y' ? { ...n, outputs: ['e'] } : n));
  if (axesAreInput(s.reduce, opset)) {
    const value = tensorFromNumbers('axes', 'int64', [s.axes.length], s.axes);
    nodes.push({ id: 'axes', name: 'axes', opType: 'Constant', domain: '', inputs: [], outputs: ['axes'], attributes: [{ name: 'value', type: 'tensor', value }] });
  }
  nodes.push(reduceNode(s, 'e', 'y', opset, 'axes'));
  return {
    ...inner,
    name: FUSED_REDUCE_OP,
    domain: FUSED_REDUCE_DOMAIN,
    // The call carries these; declaring them keeps strict checkers content.
    attributes: ['expression', 'reduce', 'axes', 'keepdims'],
    nodes,
    docString: specText(s),
  };
}

/** The node's value on the CPU: the expression, then the Reduce op's evaluator (which throws for ops it lacks). */
export function evaluateFusedReduce(n: Node, args: readonly Tensor[], opset: number): Tensor {
  const s = readFusedReduce(n);
  if (typeof s === 'string') throw new Error(`kiln.FusedReduce ${n.id}: ${s}`);
  const e = evaluateExpression(parseExpression(s.expression), args);
  const axes = tensorFromNumbers('axes', 'int64', [s.axes.length], s.axes);
  const r = reduceNode(s, 'e', n.outputs[0]!, opset, 'axes');
  return evaluateNode({ ...r, id: n.id, name: n.name }, [e, axes], opset)[0]!;
}

export const canEvaluateFusedReduce = (n: Node): boolean => {
  const s = readFusedReduce(n);
  return typeof s !== 'string' && ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd'].includes(s.reduce);
};
