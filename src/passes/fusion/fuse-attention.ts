// fuse-attention: multi-head attention written out as its projections, head split, scaled Q·Kᵀ,
// Softmax, ·V and head merge becomes one attention op (onnxruntime's AttentionFusion):
// ONNX Attention from opset 23, else com.microsoft Attention with packed QKV weights for
// self-attention and com.microsoft MultiHeadAttention for cross-attention (both run float32 on
// onnxruntime's CPU provider). Patterns are in attention/pattern.ts, the write-back in emit.ts.
//
//   before: q = Add (MatMul (x, Wq), bq);  qh = Transpose <perm = [0,2,1,3]> (Reshape (q, [1,16,4,16]))
//           k…, v… likewise (k transposed <perm = [0,2,3,1]>);  s = Div (MatMul (qh, kh), 4)
//           p = Softmax <axis = -1> (s);  c = MatMul (p, vh);  y = Reshape (Transpose <perm = [0,2,1,3]> (c), [1,16,64])
//   after:  y = com.microsoft.Attention <num_heads = 4> (x, [Wq|Wk|Wv], [bq|bk|bv])      (opset < 23)
import type { Match } from '../rewrite/match.ts';
import { rulePass } from '../rewrite/driver.ts';
import { defineRule, fail, ok, type RewriteContext, type Verdict } from '../rewrite/rule.ts';
import { ATTENTION_OPSET, emitAttention } from './attention/emit.ts';
import { attentionVariants, INPUTS, isSelfAttention, type AttentionInputs } from './attention/pattern.ts';
import { readAttention, type AttentionShape } from './attention/weights.ts';
import { requireFloat32Value } from './contrib.ts';

function check(m: Match, ctx: RewriteContext, inputs: AttentionInputs): Verdict {
  if (ctx.opset < ATTENTION_OPSET) {
    const op = isSelfAttention(m, inputs) ? 'Attention' : 'MultiHeadAttention';
    const dtype = requireFloat32Value(ctx, m.value(inputs.q), op);
    if (!dtype.ok) return dtype;
  }
  const shape = readAttention(m, ctx, inputs);
  return typeof shape === 'string' ? fail(shape) : ok();
}

const rules = attentionVariants(INPUTS).map(({ name, pattern }) =>
  defineRule({
    name: `fuse-attention/${name}`,
    pattern,
    check: (m, ctx) => check(m, ctx, INPUTS),
    rewrite: (m, b, ctx) => emitAttention(m, b, ctx.opset, INPUTS, readAttention(m, ctx, INPUTS) as AttentionShape),
  }),
);

export const fuseAttention = rulePass(
  {
    id: 'fuse-attention',
    title: 'Fuse multi-head attention',
    description: 'Turns the MatMul/Reshape/Transpose/Softmax expansion of multi-head attention into one attention op: ONNX Attention (opset 23), or com.microsoft Attention / MultiHeadAttention.',
  },
  rules,
);
