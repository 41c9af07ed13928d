// kiln.FusedMatMulEpilogue and kiln.FusedGemmEpilogue (the fuse-epilogue pass, TVM's out-elemwise
// fusion of dense ops): a MatMul (inputs A, B) or Gemm (A, B, C, with alpha, beta, transA, transB)
// whose result goes through an elementwise expression as it is stored; the expression's x1, x2, …
// are the node inputs after the op's own, x0 is the product. Each runs on the kernel the plain op
// would (register-blocked or tiled, kernels/matmul.ts), storing through the compiled expression
// (epilogue-wgsl.ts) instead of an activation.
import type { Node } from '../../../ir/types.ts';
import type { Expr } from '../../../passes/fusion/expression/ast.ts';
import { EPILOGUE_BASES, readEpilogue, type EpilogueBase } from '../../../passes/fusion/epilogue-function.ts';
import type { OpContext, OpDef } from '../../op-def.ts';
import { gemmProblem, generateMatmul, matmulProblem, type MatmulProblem } from '../matmul.ts';
import { checkEpilogue, epilogueSignature, storeEpilogue } from './epilogue-wgsl.ts';

function epilogueOp(base: EpilogueBase, problem: (ctx: OpContext) => MatmulProblem): OpDef {
  const slots = base.slots.length;
  return {
    kind: 'kernel',
    dtypes: epilogueSignature(slots),
    check: (node: Node) => (node.inputs.length < 2 || !node.inputs[0] || !node.inputs[1] ? `${node.opType} needs inputs A and B` : checkEpilogue(node, slots)),
    generate: (ctx) => generateMatmul(ctx, problem(ctx), undefined, storeEpilogue(ctx, readEpilogue(ctx.node) as Expr, slots)),
  };
}

export const MATMUL_EPILOGUE_OPS: Record<string, OpDef> = {
  'kiln.FusedMatMulEpilogue': epilogueOp(EPILOGUE_BASES.MatMul, matmulProblem),
  'kiln.FusedGemmEpilogue': epilogueOp(EPILOGUE_BASES.Gemm, gemmProblem),
};
