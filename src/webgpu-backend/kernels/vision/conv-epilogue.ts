// kiln.FusedConvEpilogue (the fuse-epilogue pass, TVM's out-elemwise fusion): an NCHW Conv whose
// result goes through an elementwise expression as it is stored. Inputs X, W, B ('' without a
// bias), then the expression's x1, x2, …; x0 is the convolution's result. It runs on whichever
// conv kernel a plain Conv of its shape would (blocked, depthwise, depthwise-row, tiled), each
// storing through the compiled expression (general/epilogue-wgsl.ts) instead of an activation.
// kiln.NhwcFusedConvEpilogue is the same on kiln.NhwcConv (NHWC X, HWIO W): its output and the
// expression's inputs are NHWC, and every variant passes the epilogue the flat index it stores
// at, which is then the NHWC one, so a per-channel [1,1,1,C] input is read as at % C.
import type { Node } from '../../../ir/types.ts';
import type { Expr } from '../../../passes/fusion/expression/ast.ts';
import { EPILOGUE_BASES, readEpilogue } from '../../../passes/fusion/epilogue-function.ts';
import type { OpDef } from '../../op-def.ts';
import { checkEpilogue, epilogueSignature, storeEpilogue } from '../general/epilogue-wgsl.ts';
import type { Activation } from './activation.ts';
import { checkConv, generateConv } from './conv.ts';

const SLOTS = EPILOGUE_BASES.Conv.slots.length;
const NONE: Activation = { kind: 'none' };

const check = (node: Node): string | undefined => checkConv(node) ?? checkEpilogue(node, SLOTS);

export const CONV_EPILOGUE_OPS: Record<string, OpDef> = {
  'kiln.FusedConvEpilogue': {
    kind: 'kernel',
    dtypes: epilogueSignature(SLOTS),
    check,
    generate: (ctx) => generateConv(ctx, 'nchw', NONE, storeEpilogue(ctx, readEpilogue(ctx.node) as Expr, SLOTS)),
  },
  'kiln.NhwcFusedConvEpilogue': {
    kind: 'kernel',
    dtypes: epilogueSignature(SLOTS),
    check,
    generate: (ctx) => generateConv(ctx, 'nhwc', NONE, storeEpilogue(ctx, readEpilogue(ctx.node) as Expr, SLOTS)),
  },
};
