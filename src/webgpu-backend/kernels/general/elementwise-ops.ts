// Elementwise ops beyond the core's Add/Sub/Mul/Div, unary math and comparisons: each node is
// written as an expression of the fusion pass's language (one call of its op, or a few for the
// com.microsoft GELU family) and compiled by the one elementwise kernel (elementwise-kernel.ts),
// so a lone Pow and a Pow inside a kiln.FusedElementwise compute exactly the same WGSL.
import type { DType } from '../../../ir/dtype.ts';
import { attrFloat } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import { call, constant, input, type AttrValue, type Expr } from '../../../passes/fusion/expression/ast.ts';
import { attrValue } from '../../../passes/fusion/fuse-elementwise-expression.ts';
import { FLOAT_DTYPES, NUMERIC_DTYPES, sameDtype, type DtypeSignature, type OpContext, type OpDef } from '../../op-def.ts';
import type { KernelSource } from '../../wgsl/shader.ts';
import { generateElementwise } from './elementwise-kernel.ts';

/** The node as one call of its op on inputs x0..xk (trailing omitted inputs dropped). */
export function nodeExpression(node: Node): Expr {
  let last = node.inputs.length;
  while (last > 0 && !node.inputs[last - 1]) last--;
  const attrs: Record<string, AttrValue> = {};
  for (const a of node.attributes) {
    const v = attrValue(node.opType, a);
    if (v !== undefined) attrs[a.name] = v;
  }
  return call(node.opType, Array.from({ length: last }, (_, k) => input(k)), attrs);
}

const x0 = input(0);
const f32 = (v: number) => constant('float32', [], [v]);

/** The com.microsoft activations in the expression language. */
const CONTRIB: Record<string, (node: Node) => Expr> = {
  // 0.5·x·(1 + erf(x/√2)), as ONNX Gelu.
  Gelu: () => call('Gelu', [x0]),
  // x·sigmoid(α·x)
  QuickGelu: (node) => call('Mul', [x0, call('Sigmoid', [call('Mul', [x0, f32(attrFloat(node, 'alpha', 1.702))])])]),
  // GELU's tanh form of x (+ bias).
  FastGelu: (node) => call('Gelu', [node.inputs[1] ? call('Add', [x0, input(1)]) : x0], { approximate: 'tanh' }),
  BiasGelu: () => call('Gelu', [call('Add', [x0, input(1)])]),
};

function elementwise(types: DtypeSignature, toExpr: (node: Node) => Expr = nodeExpression, variant?: string): OpDef {
  return {
    kind: 'kernel',
    dtypes: types,
    generate: (ctx: OpContext): KernelSource => generateElementwise(ctx, variant ?? `elementwise-${ctx.node.opType.toLowerCase()}`, toExpr(ctx.node)),
  };
}

const INTEGERS_TOO: readonly DType[] = [...NUMERIC_DTYPES, 'uint32'];
const floats = sameDtype(FLOAT_DTYPES);
const bools = (inputs: number): DtypeSignature => ({ types: { B: ['bool'] }, inputs: Array<string>(inputs).fill('B'), outputs: ['B'] });

const FLOAT_UNARY = ['Floor', 'Ceil', 'Round', 'Reciprocal', 'Log', 'Sin', 'Cos', 'Tan', 'Softplus', 'Softsign', 'Mish', 'Elu', 'Selu', 'Celu', 'ThresholdedRelu', 'Shrink', 'Gelu'];

export const ELEMENTWISE_OPS: Record<string, OpDef> = {
  ...Object.fromEntries(FLOAT_UNARY.map((op) => [op, elementwise(floats)])),
  Sign: elementwise(sameDtype(NUMERIC_DTYPES)),
  Pow: elementwise({ types: { T: NUMERIC_DTYPES, T1: NUMERIC_DTYPES }, inputs: ['T', 'T1'], outputs: ['T'] }),
  Mod: elementwise(sameDtype(INTEGERS_TOO, 2)),
  PRelu: elementwise(sameDtype(NUMERIC_DTYPES, 2)),
  Max: elementwise(sameDtype(INTEGERS_TOO)),
  Min: elementwise(sameDtype(INTEGERS_TOO)),
  Sum: elementwise(floats),
  Mean: elementwise(floats),
  Not: elementwise(bools(1)),
  And: elementwise(bools(2)),
  Or: elementwise(bools(2)),
  Xor: elementwise(bools(2)),
  IsNaN: elementwise({ types: { T: FLOAT_DTYPES, B: ['bool'] }, inputs: ['T'], outputs: ['B'] }),
  IsInf: elementwise({ types: { T: FLOAT_DTYPES, B: ['bool'] }, inputs: ['T'], outputs: ['B'] }),
  ...Object.fromEntries(Object.entries(CONTRIB).map(([op, toExpr]) => [`com.microsoft.${op}`, elementwise(sameDtype(FLOAT_DTYPES, 2), toExpr, `elementwise-${op.toLowerCase()}`)])),
};
