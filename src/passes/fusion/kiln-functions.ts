// Kiln-only fused ops, declared as model-local ONNX functions (domain 'kiln'): the body, in
// standard ops, is what onnxruntime or any other runtime executes, so the model stays a valid,
// runnable ONNX file; Kiln's own backend reads the calling node instead of the body.
import { toAttributes } from '../../ir/builder.ts';
import type { FunctionDef, Node } from '../../ir/types.ts';

export const KILN_DOMAIN = 'kiln';

function bodyNode(id: string, opType: string, inputs: string[], outputs: string[], attrs: Parameters<typeof toAttributes>[0] = {}): Node {
  return { id, name: id, opType, domain: '', inputs, outputs, attributes: toAttributes(attrs) };
}

/**
 * kiln.HardSwish(X) = X·HardSigmoid(X; α=1/6, β=½): HardSwish for models whose opset (< 14)
 * predates ONNX's own HardSwish. The body imports the model's opset, as onnxruntime requires.
 */
export function kilnHardSwish(opset: number): FunctionDef {
  return {
    name: 'HardSwish',
    domain: KILN_DOMAIN,
    inputs: ['X'],
    outputs: ['Y'],
    attributes: [],
    attributeDefaults: [],
    nodes: [bodyNode('gate', 'HardSigmoid', ['X'], ['G'], { alpha: 1 / 6, beta: 0.5 }), bodyNode('product', 'Mul', ['X', 'G'], ['Y'])],
    opsetImports: [{ domain: '', version: opset }],
    valueInfo: [],
    docString: 'HardSwish(X) = X * HardSigmoid(X, alpha=1/6, beta=1/2), for opsets before ONNX HardSwish (14).',
  };
}
