// kiln.FusedElementwise (the fuse-elementwise pass's loop fusion): the node's `expression`
// attribute, parsed with the pass's own parser, compiled to one WGSL function and run by the
// elementwise kernel: one pass over memory for the whole fused group, every input broadcast to
// the output's shape, small constants inlined, vec4 lanes when every input is full-size.
import { attrString } from '../../../ir/attributes.ts';
import type { DType } from '../../../ir/dtype.ts';
import type { Node } from '../../../ir/types.ts';
import type { Expr } from '../../../passes/fusion/expression/ast.ts';
import { parseExpression } from '../../../passes/fusion/expression/parse.ts';
import { WORD_DTYPES, type DtypeSignature, type OpDef } from '../../op-def.ts';
import { generateElementwise } from './elementwise-kernel.ts';
import { unsupportedCall } from './expression-wgsl.ts';

function parsed(node: Node): Expr | string {
  const text = attrString(node, 'expression');
  if (text === undefined) return 'it has no expression attribute';
  try {
    return parseExpression(text);
  } catch (e) {
    return (e as Error).message;
  }
}

function checkFused(node: Node): string | undefined {
  const expr = parsed(node);
  if (typeof expr === 'string') return expr;
  return unsupportedCall(expr);
}

// Each input has its own dtype (a fused group may mix floats, integers and bools).
const MAX_INPUTS = 16;
const vars = Array.from({ length: MAX_INPUTS }, (_, k) => `T${k}`);
/** Up to 16 inputs of any word dtype each, one output: the signature of every expression-carrying kernel. */
export const MIXED_WORD_SIGNATURE: DtypeSignature = {
  types: { ...Object.fromEntries(vars.map((v) => [v, WORD_DTYPES as readonly DType[]])), R: WORD_DTYPES },
  inputs: vars,
  outputs: ['R'],
};

export const FUSED_ELEMENTWISE_OPS: Record<string, OpDef> = {
  'kiln.FusedElementwise': {
    kind: 'kernel',
    dtypes: MIXED_WORD_SIGNATURE,
    check: checkFused,
    generate: (ctx) => generateElementwise(ctx, 'fused-elementwise', parsed(ctx.node) as Expr),
  },
};
