// What each of Kiln's kernels must at least move and compute, from the compiled plan: bytes =
// every distinct value it reads plus every value it writes, once (the compulsory traffic, what a
// perfect cache would leave); FLOPs = src/ir/cost.ts's estimate for the nodes it computes. With
// the kernel's measured time these give its bandwidth and rate, which bench compares with the
// vec4 copy and the register-blocked matmul measured on the same device.
import { nodeFlops } from '../ir/cost.ts';
import type { Model, Node, ValueType } from '../ir/types.ts';
import type { KernelPlan } from '../webgpu-backend/compile.ts';
import { callsInOrder } from '../passes/fusion/expression/ast.ts';
import { epilogueBaseOf, readEpilogue, type EpilogueBase } from '../passes/fusion/epilogue-function.ts';

/** 'compute' kernels are judged by FLOP rate against the matmul peak, 'streaming' by bandwidth against the copy. */
export type KernelKind = 'compute' | 'streaming';

export interface KernelCost {
  readonly id: string;
  readonly opType: string;
  readonly variant: string;
  /** Graph nodes the kernel computes (more than one when fused). */
  readonly nodes: number;
  readonly bytes: number;
  readonly flops: number;
  readonly kind: KernelKind;
}

// Contractions: their cost is arithmetic, and the matmul microbenchmark is their ceiling.
const COMPUTE_OPS = new Set([
  'MatMul', 'Gemm', 'Conv', 'ConvTranspose', 'FusedConv', 'FusedGemm', 'FusedMatMul', 'NhwcConv', 'NhwcConvTranspose', 'NhwcFusedConv',
  'FusedConvEpilogue', 'NhwcFusedConvEpilogue', 'FusedMatMulEpilogue', 'FusedGemmEpilogue',
  'MatMulInteger', 'ConvInteger', 'QLinearConv', 'QLinearMatMul', 'MatMulNBits', 'Attention', 'MultiHeadAttention',
]);

/** By op type, with or without its domain ('com.microsoft.FusedConv'). */
export function kernelKind(opType: string): KernelKind {
  return COMPUTE_OPS.has(opType.slice(opType.lastIndexOf('.') + 1)) ? 'compute' : 'streaming';
}

/** Bytes of a value in GPU memory: activations from the memory plan, weights from the upload list, views through what they view. */
function valueBytes(plan: KernelPlan): (name: string) => number {
  const bytes = new Map<string, number>();
  for (const w of plan.weights) bytes.set(w.name, w.bytes);
  for (const a of plan.assignments) bytes.set(a.value, a.bytes);
  return (name) => {
    let v = name;
    for (let hops = 0; !bytes.has(v) && plan.aliases[v] !== undefined && hops < 64; hops++) v = plan.aliases[v]!;
    const known = bytes.get(v);
    if (known !== undefined) return known;
    // Not planned (a value the plan only names): assume 4-byte elements of its shape.
    const shape = plan.shapes[name];
    return shape ? 4 * product(shape) : 0;
  };
}

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/**
 * Attention ops, which src/ir/cost.ts does not estimate: the Q·Kᵀ and P·V products (2 FLOPs a
 * multiply-add), plus the packed QKV projection of com.microsoft Attention. Softmax is left out.
 */
function attentionFlops(n: Node, plan: KernelPlan): number {
  const shape = (i: number) => plan.shapes[n.inputs[i] ?? ''];
  const q = shape(0);
  if (!q) return 0;
  if (n.opType === 'Attention' && n.domain === 'com.microsoft') {
    const w = shape(1);
    if (q.length !== 3 || !w || w.length !== 2) return 0;
    const [b, s, inner] = q as [number, number, number];
    const h = w[1]! / 3;
    return 2 * b * s * inner * w[1]! + 2 * 2 * b * s * s * h;
  }
  const k = shape(1);
  const v = shape(2);
  if (!k || !v || k.length !== q.length) return 0;
  // 3-D [B, S, hidden] or 4-D [B, heads, S, head_size]: per output row, Skv dot products each way.
  const skv = k[k.length - 2]!;
  return 2 * product(q) * skv + 2 * (product(q) / q[q.length - 1]!) * skv * v[v.length - 1]!;
}

const permute = (dims: readonly number[], perm: readonly number[]) => perm.map((p) => dims[p]!);

/**
 * Kiln's NHWC ops (to-nhwc.ts): the NCHW op's estimate on the same data seen in NCHW order —
 * activations NHWC → NCHW, convolution weights HWIO → OIHW.
 */
function nhwcFlops(n: Node, types: ReadonlyMap<string, ValueType>): number {
  const op = n.opType.slice('Nhwc'.length);
  const seen = new Map(types);
  const view = (name: string | undefined, perm: readonly number[]) => {
    const t = name ? types.get(name) : undefined;
    if (name && t?.kind === 'tensor' && t.shape?.length === perm.length) seen.set(name, { ...t, shape: permute(t.shape as number[], perm) });
  };
  view(n.inputs[0], [0, 3, 1, 2]);
  view(n.outputs[0], [0, 3, 1, 2]);
  if (op === 'Conv' || op === 'FusedConv') view(n.inputs[1], [3, 2, 0, 1]);
  else if (op === 'ConvTranspose') return 0; // its weight layout is the generator's business: no estimate
  return nodeFlops({ ...n, opType: op, domain: op === 'FusedConv' ? 'com.microsoft' : '' }, seen);
}

/**
 * A node calling a model-local function (Kiln's fused elementwise ops): one operation per body
 * node per output element — what src/ir/cost.ts counts for each elementwise node it replaced.
 */
function functionFlops(n: Node, model: Model, plan: KernelPlan): number {
  const fn = model.functions.find((f) => f.name === n.opType && f.domain === n.domain && (f.overload ?? '') === (n.overload ?? ''));
  const out = plan.shapes[n.outputs[0] ?? ''];
  if (!fn || !out) return 0;
  return fn.nodes.filter((b) => b.opType !== 'Constant').length * out.reduce((a, b) => a * b, 1);
}

/**
 * fuse-epilogue's nodes: the base op's estimate on its own inputs, plus one operation per
 * expression call per output element (what the elementwise nodes it replaced counted).
 */
function epilogueFlops(n: Node, base: EpilogueBase, model: Model, plan: KernelPlan, types: ReadonlyMap<string, ValueType>): number {
  const baseNode: Node = { ...n, opType: base.op, domain: base.op === 'NhwcConv' ? 'kiln' : '', inputs: n.inputs.slice(0, base.slots.length) };
  const expr = readEpilogue(n);
  const out = plan.shapes[n.outputs[0] ?? ''];
  const calls = typeof expr === 'string' || !out ? 0 : callsInOrder(expr).length * out.reduce((a, b) => a * b, 1);
  return estimateFlops(baseNode, model, plan, types) + calls;
}

function estimateFlops(n: Node, model: Model, plan: KernelPlan, types: ReadonlyMap<string, ValueType>): number {
  const base = epilogueBaseOf(n);
  if (base) return epilogueFlops(n, base, model, plan, types);
  if (n.opType.startsWith('Nhwc')) return nhwcFlops(n, types);
  if (/Attention$/.test(n.opType)) return attentionFlops(n, plan);
  return nodeFlops(n, types) || functionFlops(n, model, plan);
}

export function kernelCosts(plan: KernelPlan, model: Model): KernelCost[] {
  const sizeOf = valueBytes(plan);
  const nodes = new Map<string, Node>(model.graph.nodes.map((n) => [n.id, n]));
  const types = new Map<string, ValueType>(Object.entries(plan.shapes).map(([name, shape]) => [name, { kind: 'tensor', dtype: 'float32', shape: [...shape] }]));
  const kernelsOf = new Map<string, number>();
  for (const k of plan.kernels) for (const id of k.nodeIds) kernelsOf.set(id, (kernelsOf.get(id) ?? 0) + 1);
  return plan.kernels.map((k) => {
    const read = new Set(k.inputs.filter((v) => v !== ''));
    const written = new Set(k.outputs.filter((v) => v !== ''));
    let bytes = 0;
    for (const v of read) bytes += sizeOf(v);
    for (const v of written) bytes += sizeOf(v);
    let flops = 0;
    for (const id of k.nodeIds) {
      const n = nodes.get(id);
      // A node lowered to several kernels (attention: projection, then attention) shares its FLOPs among them equally.
      if (n) flops += estimateFlops(n, model, plan, types) / (kernelsOf.get(id) ?? 1);
    }
    return { id: k.id, opType: k.opType, variant: k.variant, nodes: k.nodeIds.length, bytes, flops, kind: kernelKind(k.opType) };
  });
}
