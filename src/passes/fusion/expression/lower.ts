// Lowers an expression to ONNX: the body of the model-local function that a kiln.FusedElementwise
// node calls, one standard op per call (constants become Constant nodes). onnxruntime, or any
// other runtime, executes this body; Kiln's own backend reads the node's expression instead.
import { dtypeCode, type DType } from '../../../ir/dtype.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Attribute, FunctionDef, Node } from '../../../ir/types.ts';
import { callsInOrder, inputCount, type AttrValue, type Expr } from './ast.ts';
import { exprOp } from './ops.ts';

export const FUSED_ELEMENTWISE_DOMAIN = 'kiln';
export const FUSED_ELEMENTWISE_OP = 'FusedElementwise';
/** Several expressions over one set of inputs, one output each (the fuse-siblings pass). */
export const FUSED_ELEMENTWISE_MULTI_OP = 'FusedElementwiseMulti';

function attribute(op: string, name: string, value: AttrValue): Attribute {
  const kind = exprOp(op)?.attrs[name];
  if (kind === 'dtype') return { name, type: 'int', value: dtypeCode(value as DType) };
  if (typeof value === 'string') return { name, type: 'string', value };
  return kind === 'int' ? { name, type: 'int', value } : { name, type: 'float', value };
}

const node = (k: number, opType: string, inputs: string[], outputs: string[], attributes: Attribute[] = []): Node => ({ id: `n${k}`, name: `n${k}`, opType, domain: '', inputs, outputs, attributes });

/**
 * Appends to `nodes` the ops computing each root into its output name: calls shared between
 * roots (the same object) are computed once, and a root that is no fresh call (an input, a
 * constant, a call already computed) is copied out with an Identity.
 */
function lowerRoots(roots: readonly Expr[], outputs: readonly string[], nodes: Node[]): void {
  const names = new Map<Expr, string>();
  const valueOf = (e: Expr): string => {
    if (e.kind === 'input') return `x${e.index}`;
    const known = names.get(e);
    if (known) return known;
    // Calls are named before their readers (callsInOrder), so only constants are new here.
    if (e.kind !== 'const') throw new Error('expression lowering: a call was read before it was lowered');
    const out = `c${names.size}`;
    const value = tensorFromNumbers(out, e.dtype, e.dims, e.values);
    nodes.push(node(nodes.length, 'Constant', [], [out], [{ name: 'value', type: 'tensor', value }]));
    names.set(e, out);
    return out;
  };
  let k = 0;
  roots.forEach((root, j) => {
    for (const c of callsInOrder(root)) {
      if (names.has(c)) continue;
      const inputs = c.args.map(valueOf);
      const out = c === root ? outputs[j]! : `t${k}`;
      k++;
      const attrs = Object.keys(c.attrs).sort().map((a) => attribute(c.op, a, c.attrs[a]!));
      nodes.push(node(nodes.length, c.op, inputs, [out], attrs));
      names.set(c, out);
    }
    if (valueOf(root) !== outputs[j]) nodes.push(node(nodes.length, 'Identity', [valueOf(root)], [outputs[j]!]));
  });
}

function loweredFunction(op: string, roots: readonly Expr[], outputs: readonly string[], attribute: string, overload: string, opset: number): FunctionDef {
  const nodes: Node[] = [];
  lowerRoots(roots, outputs, nodes);
  return {
    name: op,
    overload,
    domain: FUSED_ELEMENTWISE_DOMAIN,
    inputs: Array.from({ length: Math.max(0, ...roots.map(inputCount)) }, (_, k) => `x${k}`),
    outputs: [...outputs],
    // The call carries its expression(s) as an attribute; declaring it keeps strict checkers content.
    attributes: [attribute],
    attributeDefaults: [],
    nodes,
    opsetImports: [{ domain: '', version: opset }],
    valueInfo: [],
  };
}

/**
 * The function kiln.FusedElementwise:<overload> with inputs x0..xk and one output y. Every
 * fused node is the op FusedElementwise; the overload (IR 10 function overloading) tells apart
 * the functions of different expressions, so the same expression always gets the same body.
 */
export function expressionFunction(expr: Expr, overload: string, opset: number): FunctionDef {
  return loweredFunction(FUSED_ELEMENTWISE_OP, [expr], ['y'], 'expression', overload, opset);
}

/**
 * The function kiln.FusedElementwiseMulti:<overload> (sibling multi-output fusion): inputs
 * x0..xk shared by every expression, output yj computing expression j.
 */
export function expressionsFunction(exprs: readonly Expr[], overload: string, opset: number): FunctionDef {
  return loweredFunction(FUSED_ELEMENTWISE_MULTI_OP, exprs, exprs.map((_, j) => `y${j}`), 'expressions', overload, opset);
}
