// ONNX Attention (opsets 23 and 24) against onnxruntime: 3-D and 4-D layouts, grouped-query heads,
// head sizes that are not multiples of 4, a value head size of its own, bool and additive masks
// (2-D to 4-D, broadcast, shorter than the keys, -inf entries, fully masked rows), is_causal with
// more keys than queries and with a past cache, softcap, an explicit scale, past/present caches,
// nonpad_kv_seqlen (opset 24) with and without is_causal, and qk_matmul_output in every mode.
// Tolerance: every element within 1e-6 + 1e-4·|expected| (float32; the online softmax sums in
// another order; -inf entries of qk_matmul_output must match). Where onnxruntime refuses what ONNX
// allows (a mask shorter than the keys, a past without present outputs) it runs the equivalent
// node (the mask padded with -inf, the present outputs asked for).
import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel, type AttrInput } from '../../../ir/builder.ts';
import type { DType } from '../../../ir/dtype.ts';
import { exportModel } from '../../../ir/onnx/export.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Model, Tensor } from '../../../ir/types.ts';
import { createNodeGpu } from '../../../node/dawn.ts';
import { compareOutputs } from '../../../reference/compare.ts';
import { runOrt } from '../../../reference/ort-node.ts';
import { seededRandom } from '../../../reference/random-inputs.ts';
import { compileModel } from '../../compile.ts';

const [RTOL, ATOL] = [1e-4, 1e-6];
const FLT_MAX = 3.4028234663852886e38;
const INPUTS = ['Q', 'K', 'V', 'attn_mask', 'past_key', 'past_value', 'nonpad_kv_seqlen'];
const OUTPUTS = ['Y', 'present_key', 'present_value', 'qk_matmul_output'];

interface Operand {
  readonly dims: number[];
  readonly dtype?: DType;
  readonly values?: number[];
}

interface Options {
  /** Outputs wanted, by position (default: Y only). */
  readonly wanted?: number[];
  readonly opset?: number;
  readonly variant?: string | string[];
  /** Where onnxruntime refuses what ONNX allows: an equivalent node it runs (its outputs after `wanted` are ignored). */
  readonly oracle?: { readonly operands: (Operand | undefined)[]; readonly wanted: number[] };
}

function attentionModel(operands: (Operand | undefined)[], attrs: Record<string, AttrInput>, wanted: number[], opset: number): { model: Model; inputs: Tensor[] } {
  const rand = seededRandom(11);
  const b = new GraphBuilder('attention');
  const inputs: Tensor[] = [];
  const names = operands.map((o, i) => {
    if (!o) return '';
    const dtype = o.dtype ?? 'float32';
    const values = o.values ?? Array.from({ length: o.dims.reduce((p, d) => p * d, 1) }, () => 2 * rand() - 1);
    inputs.push(tensorFromNumbers(INPUTS[i]!, dtype, o.dims, values));
    return b.input(INPUTS[i]!, dtype, o.dims);
  });
  while (names.at(-1) === '') names.pop();
  const outputs = OUTPUTS.slice(0, Math.max(...wanted) + 1).map((n, j) => (wanted.includes(j) ? n : ''));
  b.node('Attention', names, { name: 'attention0', attrs, outputs });
  for (const j of wanted) b.output(OUTPUTS[j]!, 'float32');
  return { model: makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] }), inputs };
}

/** onnxruntime writes the lowest float into qk_matmul_output where is_causal hides a key; ONNX's reference (and Kiln) -inf. */
function lowestToInf(t: Tensor): Tensor {
  const values = tensorToNumbers(t);
  return values.some((x) => x === -FLT_MAX) ? tensorFromNumbers(t.name, t.dtype, t.dims, values.map((x) => (x === -FLT_MAX ? -Infinity : x))) : t;
}

/** One Attention node on Kiln and onnxruntime; every element within 1e-6 + 1e-4·|expected| (equal infinities match). */
async function expectAttention(operands: (Operand | undefined)[], attrs: Record<string, AttrInput>, o: Options = {}): Promise<void> {
  const wanted = o.wanted ?? [0];
  const opset = o.opset ?? 23;
  const { model, inputs } = attentionModel(operands, attrs, wanted, opset);
  const oracle = o.oracle ? attentionModel(o.oracle.operands, attrs, o.oracle.wanted, opset) : { model, inputs };
  const { device, wgslLanguageFeatures } = await createNodeGpu();
  const compiled = await compileModel(device, model, { inputShapes: Object.fromEntries(inputs.map((t) => [t.name, t.dims])), wgslLanguageFeatures });
  try {
    const { outputs } = await compiled.run(inputs);
    const expected = (await runOrt(exportModel(oracle.model), oracle.inputs, { graphOptimizationLevel: 'disabled' })).slice(0, wanted.length).map(lowestToInf);
    compareOutputs(outputs, expected, RTOL, ATOL).forEach((c, k) => expect(c.mismatches, `output ${k}: max abs error ${c.maxAbsError}`).toBe(0));
    if (typeof o.variant === 'string') expect(compiled.plan.kernels.at(-1)!.variant).toBe(o.variant);
    else if (o.variant) expect(compiled.plan.kernels.map((k) => k.variant)).toEqual(o.variant);
  } finally {
    compiled.destroy();
  }
}

const bools = (dims: number[], keep: (i: number) => boolean): Operand => ({ dims, dtype: 'bool', values: Array.from({ length: dims.reduce((p, d) => p * d, 1) }, (_, i) => (keep(i) ? 1 : 0)) });

describe('ONNX Attention matches onnxruntime', () => {
  it.each([
    ['3-D, equal heads', [2, 4, 16], [2, 6, 16], [2, 6, 16], { q_num_heads: 2, kv_num_heads: 2 }, 'attention-vec4'],
    ['3-D, grouped (6 query heads, 2 kv heads), head size 3', [1, 5, 18], [1, 7, 6], [1, 7, 10], { q_num_heads: 6, kv_num_heads: 2 }, 'attention-grouped'],
    ['4-D, equal heads, value head size 12', [2, 3, 4, 8], [2, 3, 6, 8], [2, 3, 6, 12], {}, 'attention-vec4'],
    ['4-D, grouped (4 over 2), head size 5', [1, 4, 3, 5], [1, 2, 4, 5], [1, 2, 4, 5], { scale: float(0.4) }, 'attention-grouped'],
  ] as const)('%s', (_, q, k, v, attrs, variant) => expectAttention([{ dims: [...q] }, { dims: [...k] }, { dims: [...v] }], attrs, { variant }));

  it('is_causal with more keys than queries, 3-D grouped and 4-D', async () => {
    await expectAttention([{ dims: [1, 3, 16] }, { dims: [1, 5, 8] }, { dims: [1, 5, 8] }], { q_num_heads: 4, kv_num_heads: 2, is_causal: 1 });
    await expectAttention([{ dims: [2, 2, 4, 4] }, { dims: [2, 2, 4, 4] }, { dims: [2, 2, 4, 4] }], { is_causal: 1 }, { variant: 'attention-vec4-causal' });
  });
  it('softcap, with an additive mask holding -inf', () =>
    expectAttention([{ dims: [1, 2, 4, 8] }, { dims: [1, 2, 6, 8] }, { dims: [1, 2, 6, 8] }, { dims: [4, 6], values: Array.from({ length: 24 }, (_, i) => (i % 6 > 3 ? -Infinity : (i % 5) / 7)) }], { softcap: float(0.5) }));
  it.each([
    ['bool [S, L]', bools([3, 5], (i) => i % 4 !== 1)],
    ['float [B, 1, S, L]', { dims: [2, 1, 3, 5] }],
    ['float [H, S, L]', { dims: [2, 3, 5] }],
    ['bool [B, H, S, L] with a fully masked row', bools([2, 2, 3, 5], (i) => i >= 5)],
  ] as [string, Operand][])('mask %s', (_, mask) => expectAttention([{ dims: [2, 2, 3, 4] }, { dims: [2, 2, 5, 4] }, { dims: [2, 2, 5, 4] }, mask], {}, { variant: 'attention-vec4-masked' }));
  it('a float mask shorter than the keys (padded with -inf)', () => {
    const short = Array.from({ length: 2 * 3 * 3 }, (_, i) => (i % 7) / 5 - 0.5);
    const padded = short.flatMap((x, i) => (i % 3 === 2 ? [x, -Infinity, -Infinity] : [x]));
    const qkv = [{ dims: [2, 1, 3, 4] }, { dims: [2, 1, 5, 4] }, { dims: [2, 1, 5, 4] }];
    return expectAttention([...qkv, { dims: [2, 1, 3, 3], values: short }], {}, { oracle: { operands: [...qkv, { dims: [2, 1, 3, 5], values: padded }], wanted: [0] } });
  });

  it('past and present caches, 3-D and grouped 4-D, with a mask and is_causal', async () => {
    await expectAttention([{ dims: [2, 3, 16] }, { dims: [2, 2, 16] }, { dims: [2, 2, 16] }, { dims: [3, 7] }, { dims: [2, 2, 5, 8] }, { dims: [2, 2, 5, 8] }], { q_num_heads: 2, kv_num_heads: 2 }, { wanted: [0, 1, 2] });
    await expectAttention([{ dims: [1, 4, 2, 4] }, { dims: [1, 2, 2, 4] }, { dims: [1, 2, 2, 4] }, undefined, { dims: [1, 2, 3, 4] }, { dims: [1, 2, 3, 4] }], { is_causal: 1 }, { wanted: [0, 1, 2], variant: ['attention-present', 'attention-present', 'attention-vec4-causal-grouped'] });
  });
  it('a past cache whose present nobody reads (scratch)', () => {
    const operands = [{ dims: [1, 2, 3, 4] }, { dims: [1, 2, 1, 4] }, { dims: [1, 2, 1, 4] }, undefined, { dims: [1, 2, 4, 4] }, { dims: [1, 2, 4, 4] }];
    return expectAttention(operands, { is_causal: 1 }, { oracle: { operands, wanted: [0, 1, 2] } });
  });
  it('present outputs without a past', () => expectAttention([{ dims: [1, 3, 8] }, { dims: [1, 3, 8] }, { dims: [1, 3, 8] }], { q_num_heads: 2, kv_num_heads: 2 }, { wanted: [0, 1, 2], variant: ['attention-present-new', 'attention-present-new', 'attention-vec4'] }));

  it('nonpad_kv_seqlen (opset 24), with and without is_causal', async () => {
    const nonpad: Operand = { dims: [2], dtype: 'int64', values: [3, 6] };
    await expectAttention([{ dims: [2, 2, 2, 4] }, { dims: [2, 2, 6, 4] }, { dims: [2, 2, 6, 4] }, undefined, undefined, undefined, nonpad], {}, { opset: 24 });
    await expectAttention([{ dims: [2, 2, 2, 4] }, { dims: [2, 2, 6, 4] }, { dims: [2, 2, 6, 4] }, undefined, undefined, undefined, nonpad], { is_causal: 1 }, { opset: 24 });
  });

  it.each([0, 1, 2, 3])('qk_matmul_output mode %i with a mask, softcap and is_causal', (mode) =>
    expectAttention([{ dims: [1, 2, 3, 4] }, { dims: [1, 2, 5, 4] }, { dims: [1, 2, 5, 4] }, { dims: [3, 5] }], { qk_matmul_output_mode: mode, softcap: float(2), is_causal: 1 }, { wanted: [0, 3] }));
  it('qk_matmul_output mode 3 with a fully masked row (zeros)', () =>
    expectAttention([{ dims: [1, 1, 2, 4] }, { dims: [1, 1, 3, 4] }, { dims: [1, 1, 3, 4] }, bools([2, 3], (i) => i >= 3)], { qk_matmul_output_mode: 3 }, { wanted: [0, 3] }));
});
