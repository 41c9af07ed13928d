// Multi-head attention as the fuse-attention pass writes it: com.microsoft.Attention (packed QKV
// weights: a projection kernel, the core's MatMul with its bias, writes Q|K|V to a scratch tensor,
// then the attention kernel reads it) and com.microsoft.MultiHeadAttention (projected Q, K, V and a
// packed bias). The attention itself is one kernel (attention-wgsl.ts). Masks, past/present
// key-value caches, rotary embeddings and extra outputs are refused by name. ONNX Attention (opset
// 23) is onnx-attention.ts.
import { attrFloat, attrInt, attrInts } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import type { KernelSequence } from '../../kernel-sequence.ts';
import { FLOAT_DTYPES, formatDims, inputInfo, outputInfo, sameDtype, shapeError, wgslElem, type OpContext, type OpDef, type TensorInfo } from '../../op-def.ts';
import { linearWorkgroups } from '../../wgsl/dispatch.ts';
import { ParamWriter } from '../../wgsl/params.ts';
import { kernelSource, type KernelSource } from '../../wgsl/shader.ts';
import { generateMatmul } from '../matmul.ts';
import { attentionBody, rowStrides, type AttentionShape, type AttentionSource } from './attention-wgsl.ts';

/** The attention kernel writing node output 0 ([B, S, heads·vHeadSize] rows) from Q, K and V sources over the given bindings. */
function attentionKernel(ctx: OpContext, shape: AttentionShape, sources: [AttentionSource, AttentionSource, AttentionSource], inputs: { name: string; info: TensorInfo; index: number }[]): KernelSource {
  const out = outputInfo(ctx);
  const params = new ParamWriter();
  const strides = rowStrides(shape.queries, shape.heads * shape.vHeadSize, shape.vHeadSize);
  const { body, vec4, count } = attentionBody(shape, ...sources, { strides, scalar: out.gpu.scalar }, params);
  return kernelSource({
    variant: `attention${vec4 ? '-vec4' : ''}${shape.causal ? '-causal' : ''}`,
    inputs: inputs.map((i) => ({ name: i.name, elem: wgslElem(i.info, vec4), index: i.index })),
    output: { name: 'Out', elem: wgslElem(out, vec4) },
    params, body,
    workgroups: linearWorkgroups(count, ctx.profile.limits),
  });
}

function rank3(ctx: OpContext, i: number, what: string): readonly [number, number, number] {
  const d = inputInfo(ctx, i).dims;
  if (d.length !== 3) throw shapeError(ctx.node, `${what} must be 3-D [batch, sequence, hidden], got ${formatDims(d)}`);
  return d as [number, number, number];
}

function headSize(ctx: OpContext, hidden: number, heads: number, what: string): number {
  if (heads < 1 || hidden % heads !== 0) throw shapeError(ctx.node, `${what} hidden size ${hidden} is not a multiple of ${heads} heads`);
  return hidden / heads;
}

/** com.microsoft.Attention: QKV = input·W + bias into scratch, then attention over it. */
function generateContribAttention(ctx: OpContext): KernelSequence {
  const [B, S, In] = rank3(ctx, 0, 'input');
  const w = inputInfo(ctx, 1).dims;
  const heads = attrInt(ctx.node, 'num_heads', 1);
  if (w.length !== 2 || w[0] !== In || w[1]! % 3 !== 0) throw shapeError(ctx.node, `weights ${formatDims(w)} are not [${In}, 3·hidden]`);
  const H = w[1]! / 3;
  const hs = headSize(ctx, H, heads, 'the');
  const bias = ctx.inputs[2];
  const problem = {
    M: B * S, N: 3 * H, K: In, batchDims: [], aBatch: [], bBatch: [], outDims: [B, S, 3 * H],
    aRow: In, aCol: 1, bRow: 3 * H, bCol: 1, alpha: 1, beta: 1,
    ...(bias ? { bias: [0, 1] as const } : {}),
  };
  const projection = generateMatmul(ctx, problem);
  const scratch = { dims: [B, S, 3 * H], dtype: outputInfo(ctx).dtype };
  const qkv = { name: 'QKV', info: { ...outputInfo(ctx), dims: scratch.dims }, index: 0 };
  const shape: AttentionShape = { batch: B, heads, kvHeads: heads, queries: S, keys: S, qkHeadSize: hs, vHeadSize: hs, scale: attrFloat(ctx.node, 'scale', 1 / Math.sqrt(hs)), causal: attrInt(ctx.node, 'unidirectional', 0) !== 0 };
  const at = (offset: number): AttentionSource => ({ buffer: 'QKV', strides: rowStrides(S, 3 * H, hs), offset });
  return {
    kind: 'sequence',
    scratch: [scratch],
    steps: [
      { source: projection, reads: [{ input: 0 }, { input: 1 }, ...(bias ? [{ input: 2 }] : [])], writes: [{ scratch: 0 }] },
      { source: attentionKernel(ctx, shape, [at(0), at(H), at(2 * H)], [qkv]), reads: [{ scratch: 0 }], writes: [{ output: 0 }] },
    ],
  };
}

/** MultiHeadAttention: Q [B, S, D], K [B, L, D], V [B, L, Dv] and a packed bias [D + D + Dv]. Causal: query s sees keys up to s. */
function generateSeparate(ctx: OpContext, heads: number, scale: number | undefined, causal: boolean): KernelSource {
  const [B, S, D] = rank3(ctx, 0, 'query');
  const [Bk, L, Dk] = rank3(ctx, 1, 'key');
  const [Bv, Lv, Dv] = rank3(ctx, 2, 'value');
  if (Bk !== B || Bv !== B || Lv !== L || Dk !== D) throw shapeError(ctx.node, `query ${formatDims([B, S, D])}, key ${formatDims([Bk, L, Dk])} and value ${formatDims([Bv, Lv, Dv])} do not match`);
  // Which keys a query sees when their counts differ is a convention of its own (no cache here).
  if (causal && L !== S) throw shapeError(ctx.node, 'causal attention with different query and key lengths is not supported');
  const hs = headSize(ctx, D, heads, 'query');
  const bias = ctx.inputs[3];
  const withBias = (offset: number) => (bias ? { bias: { buffer: 'Bias', offset } } : {});
  const vs = headSize(ctx, Dv, heads, 'value');
  const shape: AttentionShape = { batch: B, heads, kvHeads: heads, queries: S, keys: L, qkHeadSize: hs, vHeadSize: vs, scale: scale ?? 1 / Math.sqrt(hs), causal };
  const bindings = [
    { name: 'Q', info: inputInfo(ctx, 0), index: 0 },
    { name: 'K', info: inputInfo(ctx, 1), index: 1 },
    { name: 'V', info: inputInfo(ctx, 2), index: 2 },
    ...(bias ? [{ name: 'Bias', info: bias, index: 3 }] : []),
  ];
  const sources: [AttentionSource, AttentionSource, AttentionSource] = [
    { buffer: 'Q', strides: rowStrides(S, D, hs), offset: 0, ...withBias(0) },
    { buffer: 'K', strides: rowStrides(L, D, hs), offset: 0, ...withBias(D) },
    { buffer: 'V', strides: rowStrides(L, Dv, vs), offset: 0, ...withBias(2 * D) },
  ];
  return attentionKernel(ctx, shape, sources, bindings);
}

/** Inputs and outputs Kiln does not implement, by index, with what they are. */
function refuse(node: Node, inputs: Record<number, string>, outputs: Record<number, string>): string | undefined {
  for (const [i, what] of Object.entries(inputs)) if (node.inputs[Number(i)]) return `${what} (input ${i}) is not supported`;
  for (const [j, what] of Object.entries(outputs)) if (node.outputs[Number(j)]) return `the ${what} output is not supported`;
  return undefined;
}

function checkContribAttention(node: Node): string | undefined {
  const sizes = attrInts(node, 'qkv_hidden_sizes');
  if (sizes && (sizes.length !== 3 || sizes[0] !== sizes[1] || sizes[1] !== sizes[2])) return `qkv_hidden_sizes [${sizes}] of different sizes are not supported`;
  if (attrInt(node, 'do_rotary', 0)) return 'do_rotary is not supported';
  if (attrInt(node, 'past_present_share_buffer', 0)) return 'past_present_share_buffer is not supported';
  return refuse(node, { 3: 'mask_index', 4: 'past', 5: 'attention_bias', 6: 'past_sequence_length' }, { 1: 'present' });
}

function checkMultiHead(node: Node): string | undefined {
  if (!node.inputs[1] || !node.inputs[2]) return 'packed QKV or KV (no separate key and value) is not supported';
  return refuse(node, { 4: 'key_padding_mask', 5: 'attention_bias', 6: 'past_key', 7: 'past_value', 8: 'past_sequence_length', 9: 'cache_indirection' }, { 1: 'present_key', 2: 'present_value', 3: 'qk' });
}

export const ATTENTION_OPS: Record<string, OpDef> = {
  'com.microsoft.Attention': { kind: 'kernel', dtypes: sameDtype(FLOAT_DTYPES, 3), check: checkContribAttention, generate: generateContribAttention },
  'com.microsoft.MultiHeadAttention': {
    kind: 'kernel',
    dtypes: sameDtype(FLOAT_DTYPES, 4),
    check: checkMultiHead,
    generate: (ctx) => generateSeparate(ctx, attrInt(ctx.node, 'num_heads', 1), attrFloat(ctx.node, 'scale'), attrInt(ctx.node, 'unidirectional', 0) !== 0),
  },
};
