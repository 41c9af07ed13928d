// The three ways a matched attention block is written back, by what the model's opset and
// onnxruntime's CPU kernels offer:
//   opset >= 23          ONNX Attention(Q, K, V) after the (kept) projections
//   self-attention       com.microsoft Attention(x, [Wq|Wk|Wv], [bq|bk|bv])
//   cross-attention      com.microsoft MultiHeadAttention(x_q·Wq, x_k·Wk, x_v·Wv, [bq|bk|bv])
import { float } from '../../../ir/builder.ts';
import type { RewriteBuilder } from '../../rewrite/builder.ts';
import type { Match } from '../../rewrite/match.ts';
import { formatShape } from '../../support/describe.ts';
import { num } from '../../support/weights.ts';
import { MS_DOMAIN } from '../contrib.ts';
import { isSelfAttention, type AttentionInputs } from './pattern.ts';
import { packColumns, type AttentionShape } from './weights.ts';
import { rewrittenId } from '../node-ids.ts';

/** ONNX Attention exists from opset 23. */
export const ATTENTION_OPSET = 23;

const scaleText = (a: AttentionShape, explicit: boolean) => (explicit ? num(a.scale) : `1/√${a.headSize}`);

/** The scale attribute, only when it differs from the ops' default 1/√(head size). */
function scaleAttr(a: AttentionShape): { scale?: ReturnType<typeof float> } {
  const dflt = 1 / Math.sqrt(a.headSize);
  return Math.abs(a.scale - dflt) > 1e-6 * dflt ? { scale: float(a.scale) } : {};
}

/** Re-adds the projections MatMul(input, W) (+ b when `withBias`); returns their outputs. */
function projections(m: Match, b: RewriteBuilder, inputs: AttentionInputs, withBias: boolean): string[] {
  return (['q', 'k', 'v'] as const).map((p) => {
    const mm = m.node(`${p}MatMul`);
    const h = b.op('MatMul', [m.value(inputs[p]), m.value(`${p}W`)], { outputs: [mm.outputs[0]!], id: rewrittenId(mm) });
    if (!withBias) return h;
    const add = m.node(`${p}Add`);
    return b.op('Add', [h, m.value(`${p}B`)], { outputs: [add.outputs[0]!], id: rewrittenId(add) });
  });
}

export function emitAttention(m: Match, b: RewriteBuilder, opset: number, inputs: AttentionInputs, a: AttentionShape): string {
  const scale = scaleAttr(a);
  const split = m.has('qConcat') ? 'head split with its Shape→Gather→Unsqueeze→Concat chains' : 'head split';
  const what = `${m.nodes.length} nodes: projections, ${split}, Q·Kᵀ scaled by ${scaleText(a, scale.scale !== undefined)}, Softmax, ·V, head merge`;
  const kind = isSelfAttention(m, inputs) ? 'self-attention' : 'cross-attention';
  const output = [m.root.outputs[0]!];
  if (opset >= ATTENTION_OPSET) {
    const [q, k, v] = projections(m, b, inputs, true);
    b.node('Attention', [q!, k!, v!], { attrs: { q_num_heads: a.heads, kv_num_heads: a.heads, ...scale }, outputs: output });
    return `fused multi-head ${kind} (${what}) into Attention(q_num_heads=${a.heads}, kv_num_heads=${a.heads}) after the Q/K/V projections`;
  }
  const bias = b.initializer('qkv_bias', packColumns('', ['qB', 'kB', 'vB'].map((k) => m.tensor(k))));
  if (kind === 'self-attention') {
    const weights = b.initializer('qkv_weight', packColumns('', ['qW', 'kW', 'vW'].map((k) => m.tensor(k))));
    b.node('Attention', [m.value(inputs.q), weights, bias], { domain: MS_DOMAIN, attrs: { num_heads: a.heads, ...scale }, outputs: output });
    return `fused multi-head self-attention (${what}) into com.microsoft.Attention(num_heads=${a.heads}, head size ${a.headSize}) with packed QKV weights ${formatShape([a.inputSize, 3 * a.hidden])}`;
  }
  const [q, k, v] = projections(m, b, inputs, false);
  b.node('MultiHeadAttention', [q!, k!, v!, bias], { domain: MS_DOMAIN, attrs: { num_heads: a.heads, ...scale }, outputs: output });
  return `fused multi-head cross-attention (${what}) into com.microsoft.MultiHeadAttention(num_heads=${a.heads}, head size ${a.headSize}) after the Q/K/V MatMuls, with their biases packed`;
}
