// kiln.FusedElementwise (the fuse-elementwise pass's loop fusion): the node's `expression`
// attribute, parsed with the pass's own parser, compiled to one WGSL function and run by the
// elementwise kernel: one pass over memory for the whole fused group, every input broadcast to
// the output's shape, small constants inlined, vec4 lanes when every input is full-size.
import { attrString } from '../../../ir/attributes.ts';
import type { DType } from '../../../ir/dtype.ts';
import type { Node } from '../../../ir/types.ts';
import { callsInOrder, type Expr } from '../../../passes/fusion/expression/ast.ts';
import { parseExpression } from '../../../passes/fusion/expression/parse.ts';
import { WORD_DTYPES, type DtypeSignature, type OpDef } from '../../op-def.ts';
import { generateElementwise } from './elementwise-kernel.ts';
import { SCALAR_OPS } from './scalar-ops-wgsl.ts';

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
  const missing = callsInOrder(expr).find((c) => !SCALAR_OPS[c.op]);
  return missing ? `its expression calls ${missing.op}, which has no WGSL form` : undefined;
}

// Each input has its own dtype (a fused group may mix floats, integers and bools).
const MAX_INPUTS = 16;
const vars = Array.from({ length: MAX_INPUTS }, (_, k) => `T${k}`);
const signature: DtypeSignature = {
  types: { ...Object.fromEntries(vars.map((v) => [v, WORD_DTYPES as readonly DType[]])), R: WORD_DTYPES },
  inputs: vars,
  outputs: ['R'],
};

export const FUSED_ELEMENTWISE_OPS: Record<string, OpDef> = {
  'kiln.FusedElementwise': {
    kind: 'kernel',
    dtypes: signature,
    check: checkFused,
    generate: (ctx) => generateElementwise(ctx, 'fused-elementwise', parsed(ctx.node) as Expr),
  },
};
