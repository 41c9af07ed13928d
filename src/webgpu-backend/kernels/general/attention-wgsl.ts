// The attention kernel: one invocation per (batch, head, query position) computes
// softmax(q·Kᵀ·scale + bias)·V for its query row in a single pass over the keys, with the running
// max and sum of an online softmax (the flash-attention recurrence): no scores are stored, and the
// key and value rows are read once per query row. q and the output accumulator are private vec4
// arrays of the head size (a WGSL constant: one model's heads share it, so its layers share the
// pipeline). Q, K, V and the output are walked by (batch, position, head) strides, through loader
// functions that also add a bias where the op has one: one body serves com.microsoft.Attention
// (all three in one packed QKV tensor), MultiHeadAttention (three tensors and a packed bias) and
// ONNX Attention (3-D rows or 4-D [B, heads, S, size] tensors). Query head h reads key/value head
// h / group (grouped-query attention: group = heads / kvHeads). What ONNX Attention adds to a
// score (masks, softcap, causal offsets, its qk_matmul_output) comes from attention-bias-wgsl.ts.
// A query row that sees no key at all (fully masked) outputs zeros.
import { linearEntryPoint } from '../../wgsl/dispatch.ts';
import type { ParamWriter } from '../../wgsl/params.ts';
import { scoreBias, scoreLoop, type AttentionBias } from './attention-bias-wgsl.ts';

/** Element strides of one batch, one sequence position and one head; a head's row is contiguous. */
export interface Strides {
  readonly batch: number;
  readonly position: number;
  readonly head: number;
}

/** Rows of `width` elements per position, heads side by side ([B, S, heads·size] and packed QKV). */
export const rowStrides = (positions: number, width: number, headSize: number): Strides => ({ batch: positions * width, position: width, head: headSize });
/** [B, heads, positions, size]. */
export const headStrides = (heads: number, positions: number, headSize: number): Strides => ({ batch: heads * positions * headSize, position: headSize, head: positions * headSize });

/** Where one of Q, K, V (or the output) lives: a buffer walked by strides, from element `offset`. */
export interface AttentionSource {
  readonly buffer: string;
  readonly strides: Strides;
  readonly offset: number;
  /** Buffer and element offset of this operand's bias (added to every row), if any. */
  readonly bias?: { readonly buffer: string; readonly offset: number };
}

export interface AttentionShape {
  readonly batch: number;
  /** Query heads, and key/value heads (fewer for grouped-query attention; a divisor of heads). */
  readonly heads: number;
  readonly kvHeads: number;
  /** Query positions and key/value positions. */
  readonly queries: number;
  readonly keys: number;
  readonly qkHeadSize: number;
  readonly vHeadSize: number;
  readonly scale: number;
  /** Each query sees keys up to its own position (unidirectional / is_causal). */
  readonly causal: boolean;
}

const X = ['x', 'y', 'z', 'w'];

function writeStrides(params: ParamWriter, p: string, s: Strides, offset: number): void {
  params.u32(`${p}_batch`, s.batch);
  params.u32(`${p}_position`, s.position);
  params.u32(`${p}_head`, s.head);
  params.u32(`${p}_offset`, offset);
}

const startOf = (p: string) => `b * param(P_${p}_BATCH) + pos * param(P_${p}_POSITION) + head * param(P_${p}_HEAD) + param(P_${p}_OFFSET)`;

/** `fn load<Name>(b, pos, head, c) -> vec4<f32>`: the c-th vec4 of a head's row. */
function loader(name: string, src: AttentionSource, headSize: number, vec4: boolean, p: string): string {
  const head = `fn load${name}(b: u32, pos: u32, head: u32, c: u32) -> vec4<f32> {`;
  if (vec4) {
    const bias = src.bias ? ` + vec4<f32>(${src.bias.buffer}[(param(P_${p}_BIAS) + head * ${headSize}u) / 4u + c])` : '';
    return `${head} return vec4<f32>(${src.buffer}[(${startOf(p)}) / 4u + c])${bias}; }`;
  }
  // Head sizes that are not multiples of 4: lanes past the head read 0 (from a clamped index).
  const lane = (k: number) => {
    const bias = src.bias ? ` + f32(${src.bias.buffer}[min(bias + ${k}u, arrayLength(&${src.bias.buffer}) - 1u)])` : '';
    return `select(0.0, f32(${src.buffer}[min(at + ${k}u, last)])${bias}, c * 4u + ${k}u < ${headSize}u)`;
  };
  return `${head}
  let at = ${startOf(p)} + c * 4u;
  let last = arrayLength(&${src.buffer}) - 1u;
  ${src.bias ? `let bias = param(P_${p}_BIAS) + head * ${headSize}u + c * 4u;` : ''}
  return vec4<f32>(${[0, 1, 2, 3].map(lane).join(', ')});
}`;
}

/** Params and body; the output `out` (buffer `Out`) gets vHeadSize elements per (batch, position, head). */
export function attentionBody(
  shape: AttentionShape,
  q: AttentionSource,
  k: AttentionSource,
  v: AttentionSource,
  out: { readonly strides: Strides; readonly scalar: string },
  params: ParamWriter,
  bias: AttentionBias = {},
): { body: string; vec4: boolean; count: number } {
  const aligned = (s: AttentionSource | { strides: Strides; offset: number }) => [s.strides.batch, s.strides.position, s.strides.head, s.offset].every((n) => n % 4 === 0);
  const vec4 = [q, k, v].every((s) => aligned(s) && (!s.bias || s.bias.offset % 4 === 0)) && aligned({ ...out, offset: 0 }) && shape.qkHeadSize % 4 === 0 && shape.vHeadSize % 4 === 0;
  const count = shape.batch * shape.heads * shape.queries;
  params.u32('count', count);
  params.u32('queries', shape.queries);
  params.u32('keys', shape.keys);
  params.u32('heads', shape.heads);
  params.u32('group', shape.heads / shape.kvHeads);
  params.f32('scale', shape.scale);
  for (const [p, s] of [['Q', q], ['K', k], ['V', v]] as const) {
    writeStrides(params, p, s.strides, s.offset);
    if (s.bias) params.u32(`${p}_bias`, s.bias.offset);
  }
  writeStrides(params, 'O', out.strides, 0);
  const extra = scoreBias(bias, shape.causal, params);
  const [hq, hv] = [Math.ceil(shape.qkHeadSize / 4), Math.ceil(shape.vHeadSize / 4)];
  const o = out.scalar;
  const store = vec4
    ? `Out[out_at / 4u + c] = ${o === 'f32' ? 'r' : `vec4<${o}>(r)`};`
    : X.map((l, i) => `if (c * 4u + ${i}u < ${shape.vHeadSize}u) { Out[out_at + c * 4u + ${i}u] = ${o}(r.${l}); }`).join('\n    ');
  const score = `var score = 0.0;
    for (var c = 0u; c < HQ; c++) { score += dot(q[c], loadK(b, j, kvh, c)); }`;
  const body = `
const HQ = ${hq}u;
const HV = ${hv}u;
${loader('Q', q, shape.qkHeadSize, vec4, 'Q')}
${loader('K', k, shape.qkHeadSize, vec4, 'K')}
${loader('V', v, shape.vHeadSize, vec4, 'V')}
${extra.prelude}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let S = param(P_QUERIES);
  let L = param(P_KEYS);
  let s = index % S;
  let h = (index / S) % param(P_HEADS);
  let b = index / (S * param(P_HEADS));
  let kvh = h / param(P_GROUP);
  var q: array<vec4<f32>, HQ>;
  for (var c = 0u; c < HQ; c++) { q[c] = loadQ(b, s, h, c) * paramF(P_SCALE); }
  var acc: array<vec4<f32>, HV>;
  var m = -3.4028234663852886e38;
  var l = 0.0;
  ${extra.setup}
  ${scoreLoop(extra, score, false)}
    let m_new = max(m, score);
    let correction = exp(m - m_new);
    let p = exp(score - m_new);
    l = l * correction + p;
    for (var c = 0u; c < HV; c++) { acc[c] = acc[c] * correction + p * loadV(b, j, kvh, c); }
    m = m_new;
  }
  ${extra.after ? `${scoreLoop(extra, score, true)}\n    ${extra.after}\n  }` : ''}
  let out_at = b * param(P_O_BATCH) + s * param(P_O_POSITION) + h * param(P_O_HEAD);
  for (var c = 0u; c < HV; c++) {
    let r = select(acc[c] / l, vec4<f32>(0.0), l == 0.0);
    ${store}
  }
}`;
  return { body, vec4, count };
}
