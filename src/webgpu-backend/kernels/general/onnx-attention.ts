// ONNX Attention (opsets 23 and 24): Q, K, V as 3-D rows [B, S, heads·size] (q_num_heads and
// kv_num_heads say how many heads) or 4-D [B, heads, S, size]; grouped-query heads (query head h
// reads key/value head h / (q_heads / kv_heads)); attn_mask (bool or additive, broadcast, shorter
// than the keys), is_causal (offset by the past length or nonpad_kv_seqlen), softcap, scale,
// nonpad_kv_seqlen, past_key/past_value with present_key/present_value, and qk_matmul_output in
// each mode. softmax_precision is met by computing in f32 throughout.
// A sequence: with a cache (a past, or present outputs wanted), one kernel per cache writes
// present = concat(past, K or V) along the sequence as [B, kv_heads, T, size] (to the present
// output, or scratch when nobody reads it); then the attention kernel (attention-wgsl.ts) reads
// K and V from there, or straight from the inputs without a cache.
import { attrFloat, attrInt } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import type { KernelSequence, SequenceStep, ValueRef } from '../../kernel-sequence.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, shapeError, wgslElem, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { linearEntryPoint, linearWorkgroups } from '../../wgsl/dispatch.ts';
import { contiguousStrides } from '../../wgsl/indexing.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import type { AttentionBias } from './attention-bias-wgsl.ts';
import { attentionBody, headStrides, rowStrides, type Strides } from './attention-wgsl.ts';

interface Layout {
  readonly batch: number;
  readonly queries: number;
  readonly keys: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly qkSize: number;
  readonly vSize: number;
  /** Strides of Q, K, V as given (3-D rows or 4-D heads). */
  readonly q: Strides;
  readonly k: Strides;
  readonly v: Strides;
}

function layoutOf(ctx: OpContext): Layout {
  const [q, k, v] = [0, 1, 2].map((i) => inputInfo(ctx, i).dims);
  const problem = () => shapeError(ctx.node, `query ${formatDims(q!)}, key ${formatDims(k!)} and value ${formatDims(v!)} do not fit together`);
  if (q!.length !== k!.length || k!.length !== v!.length || (q!.length !== 3 && q!.length !== 4)) throw problem();
  if (q!.length === 4) {
    const [B, H, S, hs] = q as [number, number, number, number];
    const [, Hkv, L, ks] = k as [number, number, number, number];
    const vs = v![3]!;
    if (k![0] !== B || v![0] !== B || v![1] !== Hkv || v![2] !== L || ks !== hs || H % Hkv !== 0) throw problem();
    return { batch: B, queries: S, keys: L, heads: H, kvHeads: Hkv, qkSize: hs, vSize: vs, q: headStrides(H, S, hs), k: headStrides(Hkv, L, hs), v: headStrides(Hkv, L, vs) };
  }
  const [H, Hkv] = [attrInt(ctx.node, 'q_num_heads', 0), attrInt(ctx.node, 'kv_num_heads', 0)];
  if (!H || !Hkv) throw shapeError(ctx.node, '3-D query, key and value need q_num_heads and kv_num_heads');
  const [B, S, D] = q as [number, number, number];
  const [, L, Dk] = k as [number, number, number];
  const Dv = v![2]!;
  if (k![0] !== B || v![0] !== B || v![1] !== L || D % H || Dk % Hkv || Dv % Hkv || D / H !== Dk / Hkv || H % Hkv) throw problem();
  const [hs, vs] = [D / H, Dv / Hkv];
  return { batch: B, queries: S, keys: L, heads: H, kvHeads: Hkv, qkSize: hs, vSize: vs, q: rowStrides(S, D, hs), k: rowStrides(L, Dk, hs), v: rowStrides(L, Dv, vs) };
}

/** present [B, kvHeads, P + L, size] = past (if any) then the new rows, read through their strides. */
function presentKernel(ctx: OpContext, current: TensorInfo, strides: Strides, past: TensorInfo | undefined, dims: readonly number[]): KernelSource {
  const [, , T, size] = dims as [number, number, number, number];
  const P = past?.dims[2] ?? 0;
  const count = numElements(dims);
  const params = new ParamWriter();
  params.u32('count', count);
  params.u32s('shape', dims.slice(1));
  params.u32('past', P);
  params.u32s('strides', [strides.batch, strides.position, strides.head]);
  const body = `
${linearEntryPoint()}
  if (index >= param(P_COUNT)) { return; }
  let size = param(P_SHAPE + 2u);
  let T = param(P_SHAPE + 1u);
  let c = index % size;
  let t = (index / size) % T;
  let h = (index / (size * T)) % param(P_SHAPE);
  let b = index / (size * T * param(P_SHAPE));
  let P = param(P_PAST);
  ${past ? 'if (t < P) { Y[index] = Past[((b * param(P_SHAPE) + h) * P + t) * size + c]; return; }' : ''}
  Y[index] = Cur[b * param(P_STRIDES) + (t - P) * param(P_STRIDES + 1u) + h * param(P_STRIDES + 2u) + c];
}`;
  if (T !== P + (current.dims.length === 4 ? current.dims[2]! : current.dims[1]!) || size < 1) throw shapeError(ctx.node, `present ${formatDims(dims)} is not the past and the new keys`);
  return kernelSource({
    variant: past ? 'attention-present' : 'attention-present-new',
    inputs: [...(past ? [{ name: 'Past', elem: wgslElem(past) }] : []), { name: 'Cur', elem: wgslElem(current) }],
    output: { name: 'Y', elem: wgslElem(current) },
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
}

/** Broadcast strides of the mask over [batch, heads, queries], and its key length. */
function maskOf(ctx: OpContext, mask: TensorInfo, l: Layout, keys: number): AttentionBias['mask'] {
  const d = mask.dims;
  if (d.length < 1 || d.length > 4) throw shapeError(ctx.node, `attn_mask ${formatDims(d)} must have 1 to 4 dims`);
  const full = [...Array<number>(4 - d.length).fill(1), ...d];
  const own = [...Array<number>(4 - d.length).fill(0), ...contiguousStrides(d)];
  const want = [l.batch, l.heads, l.queries];
  if ([0, 1, 2].some((i) => full[i] !== 1 && full[i] !== want[i]) || full[3]! > keys) throw shapeError(ctx.node, `attn_mask ${formatDims(d)} does not broadcast to [${want}, ${keys}]`);
  const strides = [0, 1, 2].map((i) => (full[i] === 1 ? 0 : own[i]!)) as [number, number, number];
  return { buffer: 'Mask', strides, length: full[3]!, bool: mask.dtype === 'bool' };
}

function generateOnnxAttention(ctx: OpContext): KernelSequence {
  const l = layoutOf(ctx);
  const [query, key, value] = [inputInfo(ctx, 0), inputInfo(ctx, 1), inputInfo(ctx, 2)];
  const [mask, pastKey, pastValue, nonpad] = [3, 4, 5, 6].map((i) => ctx.inputs[i]);
  const P = pastKey?.dims[2] ?? 0;
  const T = P + l.keys;
  const steps: SequenceStep[] = [];
  const scratch: { dims: number[]; dtype: typeof query.dtype }[] = [];
  const cached = pastKey !== undefined || ctx.outputs[1]?.used === true || ctx.outputs[2]?.used === true;
  /** K or V: straight from input `i`, or from the present cache a step writes. */
  const source = (i: 1 | 2, info: TensorInfo, strides: Strides, past: TensorInfo | undefined, size: number): { ref: ValueRef; strides: Strides } => {
    if (!cached) return { ref: { input: i }, strides };
    const dims = [l.batch, l.kvHeads, T, size];
    const target: ValueRef = ctx.outputs[i]?.used ? { output: i } : { scratch: scratch.push({ dims, dtype: info.dtype }) - 1 };
    const reads: ValueRef[] = [...(past ? [{ input: i + 3 }] : []), { input: i }];
    steps.push({ source: presentKernel(ctx, info, strides, past, dims), reads, writes: [target] });
    return { ref: target, strides: headStrides(l.kvHeads, T, size) };
  };
  const k = source(1, key, l.k, pastKey, l.qkSize);
  const v = source(2, value, l.v, pastValue, l.vSize);
  const out = outputInfo(ctx);
  const probs = ctx.outputs[3]?.used ? ctx.outputs[3] : undefined;
  const bias: AttentionBias = {
    ...(attrFloat(ctx.node, 'softcap', 0) > 0 ? { softcap: attrFloat(ctx.node, 'softcap', 0) } : {}),
    ...(mask ? { mask: maskOf(ctx, mask, l, T) } : {}),
    ...(nonpad ? { nonpad: 'Nonpad' } : {}),
    causalOffset: pastKey ? P : nonpad ? 'nonpad' : 0,
    ...(probs ? { probs: { buffer: 'QK', mode: attrInt(ctx.node, 'qk_matmul_output_mode', 0), scalar: probs.gpu.scalar } } : {}),
  };
  const shape = { batch: l.batch, heads: l.heads, kvHeads: l.kvHeads, queries: l.queries, keys: T, qkHeadSize: l.qkSize, vHeadSize: l.vSize, scale: attrFloat(ctx.node, 'scale', 1 / Math.sqrt(l.qkSize)), causal: attrInt(ctx.node, 'is_causal', 0) !== 0 };
  const outStrides = query.dims.length === 4 ? headStrides(l.heads, l.queries, l.vSize) : rowStrides(l.queries, l.heads * l.vSize, l.vSize);
  const params = new ParamWriter();
  const { body, vec4, count } = attentionBody(shape, { buffer: 'Q', strides: l.q, offset: 0 }, { buffer: 'K', strides: k.strides, offset: 0 }, { buffer: 'V', strides: v.strides, offset: 0 }, { strides: outStrides, scalar: out.gpu.scalar }, params, bias);
  const kernel = kernelSource({
    variant: `attention${vec4 ? '-vec4' : ''}${shape.causal ? '-causal' : ''}${l.heads !== l.kvHeads ? '-grouped' : ''}${mask ? '-masked' : ''}`,
    inputs: [
      { name: 'Q', elem: wgslElem(query, vec4) },
      { name: 'K', elem: wgslElem(key, vec4) },
      { name: 'V', elem: wgslElem(value, vec4) },
      ...(mask ? [{ name: 'Mask', elem: wgslElem(mask) }] : []),
      ...(nonpad ? [{ name: 'Nonpad', elem: 'i32' }] : []),
    ],
    outputs: [{ name: 'Out', elem: wgslElem(out, vec4) }, ...(probs ? [{ name: 'QK', elem: wgslElem(probs) }] : [])],
    params, body,
    workgroups: linearWorkgroups(Math.max(count, 1), ctx.profile.limits),
  });
  const reads: ValueRef[] = [{ input: 0 }, k.ref, v.ref, ...(mask ? [{ input: 3 }] : []), ...(nonpad ? [{ input: 6 }] : [])];
  steps.push({ source: kernel, reads, writes: [{ output: 0 }, ...(probs ? [{ output: 3 }] : [])] });
  return { kind: 'sequence', scratch, steps };
}

function checkOnnxAttention(node: Node): string | undefined {
  const [q, kv] = [attrInt(node, 'q_num_heads', 0), attrInt(node, 'kv_num_heads', 0)];
  if ((q || kv) && (!q || !kv || q % kv !== 0)) return `q_num_heads ${q} must be a multiple of kv_num_heads ${kv}`;
  const mode = attrInt(node, 'qk_matmul_output_mode', 0);
  if (mode < 0 || mode > 3) return `qk_matmul_output_mode ${mode} is not 0, 1, 2 or 3`;
  if (!node.inputs[4] !== !node.inputs[5]) return 'past_key and past_value must be given together';
  return undefined;
}

export const ONNX_ATTENTION_OPS: Record<string, OpDef> = {
  Attention: {
    kind: 'kernel',
    dtypes: {
      types: { T1: FLOAT_DTYPES, T2: FLOAT_DTYPES, U: ['bool', ...FLOAT_DTYPES], I: ['int64'] },
      inputs: ['T1', 'T1', 'T2', 'U', 'T1', 'T2', 'I'],
      outputs: ['T1', 'T1', 'T2', 'T1'],
    },
    check: checkOnnxAttention,
    generate: generateOnnxAttention,
  },
};
