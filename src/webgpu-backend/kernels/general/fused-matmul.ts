// com.microsoft.FusedGemm (Gemm followed by an activation, as fuse-bias-activation writes it) and
// com.microsoft.FusedMatMul (MatMul with transA/transB and a scale alpha). Both are the core's
// MatMul/Gemm kernels (kernels/matmul.ts) with a different problem or an epilogue: the activation
// is compiled from the expression language like every elementwise op here and applied to each
// output value as it is stored, so the activation costs no extra pass over memory.
import { attrFloat, attrInt, attrString } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import { call, input, type AttrValue } from '../../../passes/fusion/expression/ast.ts';
import { exprOp } from '../../../passes/fusion/expression/ops.ts';
import { FLOAT_DTYPES, formatDims, inputDims, sameDtype, shapeError, type OpContext, type OpDef } from '../../op-def.ts';
import { broadcastStrides } from '../../wgsl/indexing.ts';
import { broadcastShapes } from '../binary.ts';
import { gemmProblem, generateMatmul, type MatmulActivation, type MatmulProblem } from '../matmul.ts';
import { compileExpression } from './expression-wgsl.ts';
import { SCALAR_OPS } from './scalar-ops-wgsl.ts';

/** The activations FusedGemm may name: the ones onnxruntime's FusedGemm runs. */
const GEMM_ACTIVATIONS = new Set(['Relu', 'Tanh', 'Sigmoid', 'Softplus', 'Softsign', 'LeakyRelu', 'HardSigmoid', 'Elu', 'Selu', 'ThresholdedRelu']);

/** `fn act(v: vec4<f32>) -> vec4<f32>` applying the node's activation (activation_alpha → alpha, ...). */
export function activationWgsl(node: Node): MatmulActivation {
  const op = attrString(node, 'activation', '');
  const attrs: Record<string, AttrValue> = {};
  for (const name of Object.keys(exprOp(op)?.attrs ?? {})) {
    const v = attrFloat(node, `activation_${name}`);
    if (v !== undefined) attrs[name] = v;
  }
  const compiled = compileExpression(call(op, [input(0)], attrs), ['f32']);
  const wgsl = `${compiled.wgsl}
fn act(v: vec4<f32>) -> vec4<f32> { return vec4<f32>(compute(v.x), compute(v.y), compute(v.z), compute(v.w)); }`;
  return { name: op.toLowerCase(), wgsl };
}

function checkFusedGemm(node: Node): string | undefined {
  const op = attrString(node, 'activation');
  if (!op) return 'FusedGemm needs an activation attribute';
  if (!GEMM_ACTIVATIONS.has(op) || !SCALAR_OPS[op]) return `activation ${op} is not supported (FusedGemm runs ${[...GEMM_ACTIVATIONS].join(', ')})`;
  return node.inputs.length < 2 ? 'FusedGemm needs inputs A and B' : undefined;
}

/** MatMul's problem with the last two dims of A and/or B transposed, scaled by alpha. */
function fusedMatmulProblem(ctx: OpContext): MatmulProblem {
  const node = ctx.node;
  const [aDims, bDims] = [inputDims(ctx, 0), inputDims(ctx, 1)];
  const transA = attrInt(node, 'transA', 0) !== 0;
  const transB = attrInt(node, 'transB', 0) !== 0;
  if ((transA && aDims.length < 2) || (transB && bDims.length < 2)) throw shapeError(node, 'a transposed operand must have at least two dims');
  if (aDims.length === 0 || bDims.length === 0) throw shapeError(node, 'operands must have at least one dim');
  const a = aDims.length === 1 ? [1, aDims[0]!] : aDims;
  const b = bDims.length === 1 ? [bDims[0]!, 1] : bDims;
  const [ra, ca] = [a[a.length - 2]!, a[a.length - 1]!];
  const [rb, cb] = [b[b.length - 2]!, b[b.length - 1]!];
  const [M, K] = transA ? [ca, ra] : [ra, ca];
  const [Kb, N] = transB ? [cb, rb] : [rb, cb];
  if (K !== Kb) throw shapeError(node, `inner dims differ: ${formatDims(aDims)} × ${formatDims(bDims)} (transA=${+transA}, transB=${+transB})`);
  const [aBatchDims, bBatchDims] = [a.slice(0, -2), b.slice(0, -2)];
  const batchDims = broadcastShapes(node, aBatchDims, bBatchDims);
  return {
    M, N, K, batchDims,
    outDims: [...batchDims, ...(aDims.length > 1 ? [M] : []), ...(bDims.length > 1 ? [N] : [])],
    aBatch: broadcastStrides(aBatchDims, batchDims).map((s) => s * M * K),
    bBatch: broadcastStrides(bBatchDims, batchDims).map((s) => s * K * N),
    aRow: transA ? 1 : K, aCol: transA ? M : 1,
    bRow: transB ? 1 : N, bCol: transB ? K : 1,
    alpha: attrFloat(node, 'alpha', 1), beta: 0,
  };
}

function checkFusedMatmul(node: Node): string | undefined {
  if (attrInt(node, 'transBatchA', 0) || attrInt(node, 'transBatchB', 0)) return 'transBatchA/transBatchB are not supported';
  return undefined;
}

export const FUSED_MATMUL_OPS: Record<string, OpDef> = {
  'com.microsoft.FusedGemm': { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES), check: checkFusedGemm, generate: (ctx) => generateMatmul(ctx, gemmProblem(ctx), activationWgsl(ctx.node)) },
  'com.microsoft.FusedMatMul': { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES, 2), check: checkFusedMatmul, generate: (ctx) => generateMatmul(ctx, fusedMatmulProblem(ctx)) },
};
