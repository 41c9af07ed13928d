// The attention kernel: one invocation per (batch, head, query position) computes
// softmax(q·Kᵀ·scale)·V for its query row in a single pass over the keys, with the running max
// and sum of an online softmax (the flash-attention recurrence): no scores are stored, and the
// key and value rows are read once per query row. q and the output accumulator are private
// vec4 arrays of the head size (a WGSL constant: one model's heads share it, so its layers
// share the pipeline). Q, K and V are read from row-major [rows, stride] tensors at a column
// offset per head, through loader functions that also add a bias where the op has one: one
// body serves com.microsoft.Attention (all three in one packed QKV tensor), MultiHeadAttention
// (three tensors and a packed bias) and ONNX Attention.
import { linearEntryPoint } from '../../wgsl/dispatch.ts';
import type { ParamWriter } from '../../wgsl/params.ts';

/** Where one of Q, K, V lives: a buffer read as rows of `stride` elements, head 0 at column `offset`. */
export interface AttentionSource {
  readonly buffer: string;
  readonly stride: number;
  readonly offset: number;
  /** Buffer and element offset of this operand's bias (added to every row), if any. */
  readonly bias?: { readonly buffer: string; readonly offset: number };
}

export interface AttentionShape {
  readonly batch: number;
  readonly heads: number;
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

/** `fn load<Name>(row: u32, head: u32, c: u32) -> vec4<f32>`: the c-th vec4 of a head's row. */
function loader(name: string, src: AttentionSource, headSize: number, vec4: boolean, p: string): string {
  const start = `row * param(P_${p}_STRIDE) + param(P_${p}_OFFSET) + head * ${headSize}u`;
  if (vec4) {
    const bias = src.bias ? ` + vec4<f32>(${src.bias.buffer}[(param(P_${p}_BIAS) + head * ${headSize}u) / 4u + c])` : '';
    return `fn load${name}(row: u32, head: u32, c: u32) -> vec4<f32> { return vec4<f32>(${src.buffer}[(${start}) / 4u + c])${bias}; }`;
  }
  // Head sizes that are not multiples of 4: lanes past the head read 0 (from a clamped index).
  const lane = (k: number) => {
    const bias = src.bias ? ` + f32(${src.bias.buffer}[min(bias + ${k}u, arrayLength(&${src.bias.buffer}) - 1u)])` : '';
    return `select(0.0, f32(${src.buffer}[min(at + ${k}u, last)])${bias}, c * 4u + ${k}u < ${headSize}u)`;
  };
  return `fn load${name}(row: u32, head: u32, c: u32) -> vec4<f32> {
  let at = ${start} + c * 4u;
  let last = arrayLength(&${src.buffer}) - 1u;
  ${src.bias ? `let bias = param(P_${p}_BIAS) + head * ${headSize}u + c * 4u;` : ''}
  return vec4<f32>(${[0, 1, 2, 3].map(lane).join(', ')});
}`;
}

/** Params and body; the output buffer is `Out`, rows of heads × vHeadSize elements. */
export function attentionBody(shape: AttentionShape, q: AttentionSource, k: AttentionSource, v: AttentionSource, outScalar: string, params: ParamWriter): { body: string; vec4: boolean; count: number } {
  const vec4 = [q, k, v].every((s) => s.stride % 4 === 0 && s.offset % 4 === 0 && (!s.bias || s.bias.offset % 4 === 0)) && shape.qkHeadSize % 4 === 0 && shape.vHeadSize % 4 === 0;
  const count = shape.batch * shape.heads * shape.queries;
  params.u32('count', count);
  params.u32('queries', shape.queries);
  params.u32('keys', shape.keys);
  params.u32('heads', shape.heads);
  params.f32('scale', shape.scale);
  for (const [p, s] of [['Q', q], ['K', k], ['V', v]] as const) {
    params.u32(`${p}_stride`, s.stride);
    params.u32(`${p}_offset`, s.offset);
    if (s.bias) params.u32(`${p}_bias`, s.bias.offset);
  }
  const [hq, hv] = [Math.ceil(shape.qkHeadSize / 4), Math.ceil(shape.vHeadSize / 4)];
  const outWidth = shape.heads * shape.vHeadSize;
  const store = vec4
    ? `Out[(out_row * ${outWidth}u + h * ${shape.vHeadSize}u) / 4u + c] = ${outScalar === 'f32' ? 'r' : `vec4<${outScalar}>(r)`};`
    : X.map((l, i) => `if (c * 4u + ${i}u < ${shape.vHeadSize}u) { Out[out_row * ${outWidth}u + h * ${shape.vHeadSize}u + c * 4u + ${i}u] = ${outScalar}(r.${l}); }`).join('\n      ');
  const body = `
const HQ = ${hq}u;
const HV = ${hv}u;
${loader('Q', q, shape.qkHeadSize, vec4, 'Q')}
${loader('K', k, shape.qkHeadSize, vec4, 'K')}
${loader('V', v, shape.vHeadSize, vec4, 'V')}

${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let S = param(P_QUERIES);
  let L = param(P_KEYS);
  let s = index % S;
  let h = (index / S) % param(P_HEADS);
  let b = index / (S * param(P_HEADS));
  let out_row = b * S + s;
  var q: array<vec4<f32>, HQ>;
  for (var c = 0u; c < HQ; c++) { q[c] = loadQ(out_row, h, c) * paramF(P_SCALE); }
  var acc: array<vec4<f32>, HV>;
  var m = -3.4028234663852886e38;
  var l = 0.0;
  let last = ${shape.causal ? 'min(L, s + 1u)' : 'L'};
  for (var j = 0u; j < last; j++) {
    let key_row = b * L + j;
    var score = 0.0;
    for (var c = 0u; c < HQ; c++) { score += dot(q[c], loadK(key_row, h, c)); }
    let m_new = max(m, score);
    let correction = exp(m - m_new);
    let p = exp(score - m_new);
    l = l * correction + p;
    for (var c = 0u; c < HV; c++) { acc[c] = acc[c] * correction + p * loadV(key_row, h, c); }
    m = m_new;
  }
  for (var c = 0u; c < HV; c++) {
    let r = acc[c] / l;
    ${store}
  }
}`;
  return { body, vec4, count };
}
