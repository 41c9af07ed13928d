// What ONNX Attention does to a score between q·k·scale and the softmax, as WGSL for the attention
// kernel (attention-wgsl.ts), in the order of ONNX's reference:
//   softcap       score = cap · tanh(score / cap)
//   attn_mask     float: added (a key past the mask's last dim is hidden, as a -inf pad would);
//                 bool: false hides the key. Broadcast over [batch, heads, queries] by strides.
//   is_causal     query s sees keys j <= s + offset: offset = past length (a past_key cache), or
//                 nonpad_kv_seqlen[b] - queries (an external cache), else 0
//   nonpad        keys j >= nonpad_kv_seqlen[b] are hidden
// A hidden key (or one whose biased score is -inf) is skipped: it adds nothing to the softmax.
// qk_matmul_output ([B, heads, S, L]) is written per key: mode 0 the scaled q·k, 1 after softcap,
// 2 after the mask (-inf where hidden), 3 the softmax (a second pass over the keys once the row's
// max and sum are known; 0 where hidden).
import type { ParamWriter } from '../../wgsl/params.ts';

export interface AttentionBias {
  readonly softcap?: number;
  /** Mask buffer, strides of batch, head and query (0 where broadcast), its last dim, bool or additive. */
  readonly mask?: { readonly buffer: string; readonly strides: readonly [number, number, number]; readonly length: number; readonly bool: boolean };
  /** With causal: a fixed offset (past length), or nonpad_kv_seqlen[b] - queries. */
  readonly causalOffset?: number | 'nonpad';
  /** Buffer of per-batch valid key counts (nonpad_kv_seqlen, i32). */
  readonly nonpad?: string;
  /** qk_matmul_output: buffer, mode 0..3 and the stored scalar type. */
  readonly probs?: { readonly buffer: string; readonly mode: number; readonly scalar: string };
}

export interface ScoreCode {
  readonly prelude: string;
  /** Per query row, before the keys: limit (keys at or past it are hidden), end of the loop, row offsets. */
  readonly setup: string;
  /** Turns `score` into the biased score and sets `visible`; `first` pass also writes modes 0–2. */
  readonly apply: (first: boolean) => string;
  /** The loop covers every key (qk_matmul_output is written for each). */
  readonly allKeys: boolean;
  /** The second pass's write (mode 3), if any. */
  readonly after?: string;
}

const FLT_MAX = '3.4028234663852886e38';

export function scoreBias(bias: AttentionBias, causal: boolean, params: ParamWriter): ScoreCode {
  const { softcap, mask, nonpad, probs } = bias;
  if (softcap) params.f32('softcap', softcap);
  if (mask) {
    params.u32s('mask_strides', mask.strides);
    params.u32('mask_length', mask.length);
  }
  const offset = bias.causalOffset ?? 0;
  if (causal && offset !== 'nonpad') params.u32('causal_offset', offset >>> 0);
  const setup = [
    'var limit = i32(L);',
    causal ? `limit = min(limit, i32(s) + ${offset === 'nonpad' ? `${nonpad}[b] - i32(S)` : 'bitcast<i32>(param(P_CAUSAL_OFFSET))'} + 1i);` : '',
    nonpad ? `limit = min(limit, ${nonpad}[b]);` : '',
    'let key_end = max(limit, 0i);',
    mask ? 'let mask_row = b * param(P_MASK_STRIDES) + h * param(P_MASK_STRIDES + 1u) + s * param(P_MASK_STRIDES + 2u);' : '',
    probs ? 'let qk_row = ((b * param(P_HEADS) + h) * S + s) * L;' : '',
  ].filter(Boolean).join('\n  ');
  const qk = (value: string) => `${probs!.buffer}[qk_row + j] = ${probs!.scalar}(${value});`;
  const apply = (first: boolean) => {
    const write = (mode: number, value: string) => (first && probs?.mode === mode ? qk(value) : '');
    return [
      write(0, 'score'),
      softcap ? 'score = paramF(P_SOFTCAP) * tanh(clamp(score / paramF(P_SOFTCAP), -10.0, 10.0));' : '',
      write(1, 'score'),
      'var visible = jj < limit;',
      mask && !mask.bool ? `if (j < param(P_MASK_LENGTH)) { score += f32(${mask.buffer}[mask_row + j]); } else { visible = false; }` : '',
      mask?.bool ? `visible = visible && j < param(P_MASK_LENGTH) && ${mask.buffer}[mask_row + j] != 0u;` : '',
      // -inf from an additive mask hides the key too (exp(-inf - m) is 0, but -inf - -inf is NaN).
      mask && !mask.bool ? `visible = visible && score >= -${FLT_MAX};` : '',
      write(2, 'select(kNegInf(), score, visible)'),
    ].filter(Boolean).join('\n    ');
  };
  return {
    prelude: probs?.mode === 2 ? 'fn kNegInf() -> f32 { return bitcast<f32>(0xff800000u | (params.v[0].x & 0u)); }' : '',
    setup,
    apply,
    allKeys: probs !== undefined,
    ...(probs?.mode === 3 ? { after: qk('select(0.0, exp(score - m) / l, visible && l > 0.0)') } : {}),
  };
}

/** The key loop's head: `j`, the score of key j (`score` computes it), biased; hidden keys skipped (first pass). */
export function scoreLoop(code: ScoreCode, score: string, second: boolean): string {
  return `for (var jj = 0i; jj < ${second || code.allKeys ? 'i32(L)' : 'key_end'}; jj++) {
    let j = u32(jj);
    ${score}
    ${code.apply(!second)}
    ${second ? '' : 'if (!visible) { continue; }'}`;
}
