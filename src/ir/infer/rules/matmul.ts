// Matrix products: MatMul (numpy matmul with batch broadcasting), Gemm, their integer and
// quantized forms. Einsum lives in einsum.ts.
import { attrInt } from '../../attributes.ts';
import type { Shape } from '../../types.ts';
import { broadcastShapes, formatShape, unifyDims, type FreshDim } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';

/** numpy.matmul: 1-D operands are promoted and the added axis removed again. */
export function matmulShape(a: Shape, b: Shape, fresh: FreshDim): Shape {
  if (a.length === 0 || b.length === 0) throw new InferError('MatMul operands must have rank at least 1');
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const k1 = a2[a2.length - 1]!;
  const k2 = b2[b2.length - 2]!;
  unifyDims(k1, k2, () => `inner dims differ: ${formatShape(a)} x ${formatShape(b)} (${k1} vs ${k2})`);
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)], fresh);
  const out = [...batch];
  if (a.length > 1) out.push(a2[a2.length - 2]!);
  if (b.length > 1) out.push(b2[b2.length - 1]!);
  return out;
}

function matmulOf(ctx: InferContext, ia: number, ib: number): Shape | undefined {
  const a = ctx.shape(ia);
  const b = ctx.shape(ib);
  return a && b ? matmulShape(a, b, ctx.fresh) : undefined;
}

function gemmShape(ctx: InferContext): Shape | undefined {
  const a = ctx.shape(0);
  const b = ctx.shape(1);
  if (!a || !b) return undefined;
  if (a.length !== 2 || b.length !== 2) throw new InferError(`Gemm needs 2-D A and B, got ${formatShape(a)} and ${formatShape(b)}`);
  const [m, ka] = attrInt(ctx.node, 'transA', 0) ? [a[1]!, a[0]!] : [a[0]!, a[1]!];
  const [kb, n] = attrInt(ctx.node, 'transB', 0) ? [b[1]!, b[0]!] : [b[0]!, b[1]!];
  unifyDims(ka, kb, () => `inner dims differ: A ${formatShape(a)} and B ${formatShape(b)} (${ka} vs ${kb}) with transA=${attrInt(ctx.node, 'transA', 0)} transB=${attrInt(ctx.node, 'transB', 0)}`);
  return [m, n];
}

export const matmulRules: RuleTable = {
  MatMul: (ctx) => [tensorType(ctx.dtype(0), matmulOf(ctx, 0, 1))],
  Gemm: (ctx) => [tensorType(ctx.dtype(0), gemmShape(ctx))],
  MatMulInteger: (ctx) => [tensorType('int32', matmulOf(ctx, 0, 1))],
  // QLinearMatMul(a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp): y has y_zp's type.
  QLinearMatMul: (ctx) => [tensorType(ctx.dtype(7), matmulOf(ctx, 0, 3))],
};

/** com.microsoft matmul variants. */
export const contribMatmulRules: RuleTable = {
  FusedMatMul: (ctx) => {
    const a = ctx.shape(0);
    const b = ctx.shape(1);
    if (!a || !b) return [tensorType(ctx.dtype(0))];
    const swap = (s: Shape, on: number) => (on && s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!] : s);
    return [tensorType(ctx.dtype(0), matmulShape(swap(a, attrInt(ctx.node, 'transA', 0)), swap(b, attrInt(ctx.node, 'transB', 0)), ctx.fresh))];
  },
  FusedGemm: (ctx) => [tensorType(ctx.dtype(0), gemmShape(ctx))],
  // MatMulIntegerToFloat(A, B, a_scale, b_scale, ...): float result of the scales' type.
  MatMulIntegerToFloat: (ctx) => [tensorType(ctx.dtype(2), matmulOf(ctx, 0, 1))],
  // DynamicQuantizeMatMul(A float, B int8/uint8, b_scale, ...): float like A.
  DynamicQuantizeMatMul: (ctx) => [tensorType(ctx.dtype(0), matmulOf(ctx, 0, 1))],
  MatMulInteger16: (ctx) => [tensorType('int32', matmulOf(ctx, 0, 1))],
};
