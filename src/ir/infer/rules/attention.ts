// Attention ops. ONNX Attention (opset 23) takes Q/K/V either 3-D [batch, seq, heads*size] (head
// counts from attributes) or 4-D [batch, heads, seq, size]; caches are always 4-D.
import { attrInt } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { addDims, divDims, formatShape, mulDims } from '../dims.ts';
import { InferError, tensorType, type InferContext, type RuleTable } from '../rule.ts';
import { sameAs } from './common.ts';

/** [batch, heads, seq, headSize] view of a 3-D or 4-D attention operand. */
function heads4d(ctx: InferContext, s: Shape, heads: number | undefined, what: string): [Dim, Dim, Dim, Dim] {
  if (s.length === 4) return [s[0]!, s[1]!, s[2]!, s[3]!];
  if (s.length !== 3) throw new InferError(`${what} ${formatShape(s)} is neither 3-D nor 4-D`);
  if (heads === undefined) throw new InferError(`${what} is 3-D but the head count attribute is missing`);
  return [s[0]!, heads, s[1]!, divDims(s[2]!, heads) ?? ctx.fresh()];
}

const onnxAttention = (ctx: InferContext) => {
  const [q, k, v] = [ctx.shape(0), ctx.shape(1), ctx.shape(2)];
  const dtype = ctx.dtype(0);
  if (!q || !k || !v) return [tensorType(dtype), tensorType(dtype), tensorType(dtype), tensorType(dtype)];
  const [batch, qHeads, qSeq] = heads4d(ctx, q, attrInt(ctx.node, 'q_num_heads'), 'Q');
  const [, kvHeads, kvSeq, headSize] = heads4d(ctx, k, attrInt(ctx.node, 'kv_num_heads'), 'K');
  const vHead = heads4d(ctx, v, attrInt(ctx.node, 'kv_num_heads'), 'V')[3];
  const past = ctx.has(4) ? ctx.shape(4) : undefined;
  const total = ctx.has(4) ? (past ? addDims(past[2]!, kvSeq, ctx.fresh) : ctx.fresh()) : kvSeq;
  const y: Shape = q.length === 3 ? [batch, qSeq, mulDims([qHeads, vHead]) ?? ctx.fresh()] : [batch, qHeads, qSeq, vHead];
  return [
    tensorType(dtype, y),
    tensorType(dtype, [batch, kvHeads, total, headSize]),
    tensorType(dtype, [batch, kvHeads, total, vHead]),
    tensorType(dtype, [batch, qHeads, qSeq, total]),
  ];
};

/** LinearAttention: per-head recurrent state [batch, heads, key size, value size]. */
const linearAttention = (ctx: InferContext) => {
  const [q, k, v] = [ctx.shape(0), ctx.shape(1), ctx.shape(2)];
  const dtype = ctx.dtype(0);
  if (!q || !k || !v) return [tensorType(dtype), tensorType(dtype)];
  const [batch, qHeads, seq] = heads4d(ctx, q, attrInt(ctx.node, 'q_num_heads'), 'query');
  const [, kvHeads, , keySize] = heads4d(ctx, k, attrInt(ctx.node, 'kv_num_heads'), 'key');
  const valueSize = heads4d(ctx, v, attrInt(ctx.node, 'kv_num_heads'), 'value')[3];
  // Output heads follow the query; the recurrent state is kept per key/value head.
  const y: Shape = q.length === 3 ? [batch, seq, mulDims([qHeads, valueSize]) ?? ctx.fresh()] : [batch, qHeads, seq, valueSize];
  return [tensorType(dtype, y), ctx.has(3) && ctx.shape(3) ? ctx.type(3) : tensorType(dtype, [batch, kvHeads, keySize, valueSize])];
};

export const attentionRules: RuleTable = {
  Attention: onnxAttention,
  RotaryEmbedding: sameAs(0),
  LinearAttention: linearAttention,
};

/** ai.onnx.preview FlexAttention: Q [B, H, L, E], V [B, Hkv, S, Ev] -> [B, H, L, Ev]. */
export const previewAttentionRules: RuleTable = {
  FlexAttention: (ctx) => {
    const [q, v] = [ctx.shape(0), ctx.shape(2)];
    return [tensorType(ctx.dtype(0), q && v ? [q[0]!, q[1]!, q[2]!, v[3]!] : undefined)];
  },
};

/** com.microsoft Attention: packed input [B, S, hidden] times a [hidden, 3*hidden] weight. */
const contribAttention = (ctx: InferContext) => {
  const x = ctx.shape(0);
  const w = ctx.shape(1);
  const dtype = ctx.dtype(0);
  if (!x || !w) return [tensorType(dtype), tensorType(dtype)];
  const sizes = (ctx.node.attributes.find((a) => a.name === 'qkv_hidden_sizes')?.value as number[] | undefined) ?? undefined;
  const vHidden: Dim = sizes?.[2] ?? (typeof w[1] === 'number' ? w[1] / 3 : ctx.fresh());
  const heads = attrInt(ctx.node, 'num_heads', 1);
  const past = ctx.has(4) ? ctx.shape(4) : undefined;
  const total = past ? addDims(past[3]!, x[1]!, ctx.fresh) : x[1]!;
  const headSize = divDims(vHidden, heads) ?? ctx.fresh();
  return [tensorType(dtype, [x[0]!, x[1]!, vHidden]), tensorType(dtype, [2, x[0]!, heads, total, headSize])];
};

/** com.microsoft MultiHeadAttention: query [B, S, D]; key/value 3-D, 4-D (BNSH) or packed. */
const multiHeadAttention = (ctx: InferContext) => {
  const q = ctx.shape(0);
  const dtype = ctx.dtype(0);
  if (!q) return [tensorType(dtype), tensorType(dtype), tensorType(dtype)];
  const heads = attrInt(ctx.node, 'num_heads', 1);
  const v = ctx.has(2) ? ctx.shape(2) : undefined;
  let vHidden: Dim;
  if (q.length === 5) vHidden = mulDims([q[2]!, q[4]!]) ?? ctx.fresh();
  else if (v?.length === 3) vHidden = v[2]!;
  else if (v?.length === 4) vHidden = mulDims([v[1]!, v[3]!]) ?? ctx.fresh();
  else vHidden = q[2] ?? ctx.fresh();
  const y: Shape = [q[0]!, q[1]!, vHidden];
  const present = (ctx: InferContext): Shape => [q[0]!, heads, ctx.fresh(), divDims(vHidden, heads) ?? ctx.fresh()];
  return [tensorType(dtype, y), tensorType(dtype, present(ctx)), tensorType(dtype, present(ctx))];
};

export const contribAttentionRules: RuleTable = {
  Attention: contribAttention,
  MultiHeadAttention: multiHeadAttention,
  RotaryEmbedding: sameAs(0),
};
