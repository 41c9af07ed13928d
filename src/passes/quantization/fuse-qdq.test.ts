// fuse-qdq: it fires on the QDQ graphs quantize-static writes (QLinearConv, QLinearMatMul,
// MatMulInteger for results that stay float, com.microsoft QLinearAdd/GlobalAveragePool), the
// fused models run in onnxruntime's CPU provider and agree with their QDQ form, and it declines
// with its reasons.
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { deepFreeze } from '../testing/support.ts';
import { accuracyReport } from './accuracy.ts';
import { calibrate } from './calibrate.ts';
import { fuseQdq } from './fuse-qdq.ts';
import { randomSamples } from './prepare-int8.ts';
import { quantizeStatic } from './quantize-static.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

/** x -> Conv -> Relu -> Add (residual) -> GlobalAveragePool -> Flatten -> Gemm -> y. */
function residualNet(): Model {
  const w = new WeightFactory(41);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 4, 8, 8]);
  const c = b.node('Conv', [x, b.initializer(w.he('W', [4, 4, 3, 3], 36)), b.initializer(w.uniform('B', [4], -0.1, 0.1))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  const a = b.node('Add', [b.node('Relu', [c], { name: 'relu', outputs: ['r'] }), x], { name: 'add', outputs: ['a'] });
  const f = b.node('Flatten', [b.node('GlobalAveragePool', [a], { name: 'gap', outputs: ['g'] })], { name: 'flatten', outputs: ['f'] });
  b.node('Gemm', [f, b.initializer(w.he('Wg', [10, 4], 4)), b.initializer(w.uniform('Bg', [10], -0.1, 0.1))], { name: 'gemm', attrs: { transB: 1 }, outputs: ['y'] });
  b.output('y', 'float32', [1, 10]);
  return makeModel(b.build());
}

/** x -> MatMul -> Relu -> MatMul -> y (an MLP). */
function mlp(): Model {
  const w = new WeightFactory(43);
  const b = new GraphBuilder('g');
  const h = b.node('MatMul', [b.input('x', 'float32', [4, 32]), b.initializer(w.he('W1', [32, 16], 32))], { name: 'mm1' });
  b.node('MatMul', [b.node('Relu', [h], { name: 'relu', outputs: ['h'] }), b.initializer(w.he('W2', [16, 6], 16))], { name: 'mm2', outputs: ['y'] });
  b.output('y', 'float32', [4, 6]);
  return makeModel(b.build());
}

async function qdq(m: Model): Promise<Model> {
  return quantizeStatic(await calibrate(m, randomSamples(m, 8, 200), 'minmax', run)).run(m).model;
}

const ops = (m: Model) => m.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));

/** The fused model against the QDQ one it came from, and both against float. */
async function agreement(float: Model, quantized: Model, fused: Model): Promise<[number, number]> {
  const inputs = randomSamples(float, 16, 1);
  const [vsQdq, vsFloat] = [await accuracyReport(quantized, fused, inputs, run), await accuracyReport(float, fused, inputs, run)];
  return [vsQdq.perOutput[0]!.relL2, vsFloat.perOutput[0]!.relL2];
}

describe('fuse-qdq fires', () => {
  it('makes QLinearConv, QLinearAdd, QLinearGlobalAveragePool and an integer Gemm, and explains each', async () => {
    const model = residualNet();
    const q = deepFreeze(await qdq(model));
    const r = fuseQdq.run(q);
    expect(ops(r.model)).toEqual([
      'QuantizeLinear', 'QLinearConv', 'com.microsoft.QLinearAdd', 'com.microsoft.QLinearGlobalAveragePool', 'DequantizeLinear', 'Flatten',
      'QuantizeLinear', 'MatMulInteger', 'Cast', 'Mul', 'Add',
    ]);
    expect(r.changes.explanations.map((e) => e.message)).toEqual([
      'fused Conv conv with its DequantizeLinear inputs and QuantizeLinear output into QLinearConv: uint8 activations, int8 weight [4,4,3,3] with 4 scales, int32 bias',
      'fused GlobalAveragePool gap with its DequantizeLinear input and QuantizeLinear output into com.microsoft QLinearGlobalAveragePool (uint8)',
      'fused Gemm gemm with its DequantizeLinear inputs into MatMulInteger → Cast → Mul by s_a·s_w·α → Add of β·C (weight [10,4] stored transposed)',
      // The Add shares x's DequantizeLinear with the Conv's match, so it fuses in the next sweep.
      'fused Add add with its DequantizeLinear inputs and QuantizeLinear output into com.microsoft QLinearAdd (uint8)',
    ]);
    expect(r.model.opsetImports).toContainEqual({ domain: 'com.microsoft', version: 1 });
    // Integer kernels requantize with their own rounding; measured 6e-8 from the QDQ model (one
    // output value off by a step would be ~1e-2 here).
    const [vsQdq, vsFloat] = await agreement(model, q, r.model);
    console.log(`fuse-qdq residual net: rel L2 ${vsQdq.toExponential(2)} vs its QDQ form, ${vsFloat.toExponential(2)} vs float`);
    expect(vsQdq).toBeLessThan(1e-3);
    expect(vsFloat).toBeLessThan(6e-2);
  });

  it('makes QLinearMatMul where the result is quantized again, MatMulInteger where it stays float', async () => {
    const model = mlp();
    const q = await qdq(model);
    const r = fuseQdq.run(q);
    expect(ops(r.model)).toEqual(['QuantizeLinear', 'QLinearMatMul', 'MatMulInteger', 'Cast', 'Mul']);
    expect(r.changes.explanations.map((e) => e.rule)).toEqual(['fuse-qdq/matmul', 'fuse-qdq/matmul-integer']);
    expect(r.changes.explanations[0]!.message).toBe('fused MatMul mm1 with its DequantizeLinear inputs and QuantizeLinear output into QLinearMatMul: uint8 A, int8 B with 16 per-column scales');
    const [vsQdq, vsFloat] = await agreement(model, q, r.model);
    console.log(`fuse-qdq MLP: rel L2 ${vsQdq.toExponential(2)} vs its QDQ form, ${vsFloat.toExponential(2)} vs float`);
    expect(vsQdq).toBeLessThan(1e-3);
    expect(vsFloat).toBeLessThan(6e-2);
  });
});

describe('fuse-qdq declines', () => {
  const scalar = (name: string, dtype: 'float32' | 'uint8' | 'int8', v: number, dims: number[] = []) => tensorFromNumbers(name, dtype, dims, new Array(dims.reduce((a, d) => a * d, 1)).fill(v));

  /** DQ(x) -> Conv(DQ(W)) -> Q, with the Conv output also a graph output when asked, and x per-axis when asked. */
  function handQdq(convOutputIsGraphOutput: boolean, perAxisInput: boolean): Model {
    const b = new GraphBuilder('g');
    const xq = b.input('xq', 'uint8', [1, 2, 4, 4]);
    const xs = perAxisInput ? b.initializer(scalar('xs', 'float32', 0.1, [2])) : b.initializer(scalar('xs', 'float32', 0.1));
    const xz = perAxisInput ? b.initializer(scalar('xz', 'uint8', 128, [2])) : b.initializer(scalar('xz', 'uint8', 128));
    const x = b.node('DequantizeLinear', [xq, xs, xz], { name: 'dqx', attrs: { axis: 1 } });
    const w = b.node('DequantizeLinear', [b.initializer(scalar('wq', 'int8', 3, [2, 2, 1, 1])), b.initializer(scalar('ws', 'float32', 0.05, [2])), b.initializer(scalar('wz', 'int8', 0, [2]))], { name: 'dqw', attrs: { axis: 0 } });
    const c = b.node('Conv', [x, w], { name: 'conv', outputs: ['c'] });
    b.node('QuantizeLinear', [c, b.initializer(scalar('ys', 'float32', 0.2)), b.initializer(scalar('yz', 'uint8', 128))], { name: 'q', outputs: ['yq'] });
    b.output('yq', 'uint8', [1, 2, 4, 4]);
    if (convOutputIsGraphOutput) b.output('c', 'float32', [1, 2, 4, 4]);
    return makeModel(b.build());
  }

  it('a Conv whose float output is also read elsewhere', () => {
    const r = fuseQdq.run(handQdq(true, false));
    expect(r.changes.explanations).toEqual([]);
    expect(r.changes.nearMisses).toEqual([{ rule: 'fuse-qdq/conv', nodeId: 'conv', reason: "Conv conv's output is a graph output" }]);
  });

  it('an input quantized per axis', () => {
    const r = fuseQdq.run(handQdq(false, true));
    expect(r.changes.nearMisses).toEqual([{ rule: 'fuse-qdq/conv', nodeId: 'dqx', reason: 'input xq is quantized per axis; this op takes one scale' }]);
  });

  it('fuses the same hand-written group when nothing stands in the way, and it runs', async () => {
    const model = handQdq(false, false);
    const r = fuseQdq.run(model);
    expect(ops(r.model)).toEqual(['QLinearConv']);
    const inputs = [[tensorFromNumbers('xq', 'uint8', [1, 2, 4, 4], Array.from({ length: 32 }, (_, i) => 100 + 3 * i))]];
    const report = await accuracyReport(model, r.model, inputs, run);
    // Both compute round(Σ 0.1·(x−128)·0.15 / 0.2) + 128 per element: the same uint8 results.
    expect(report.perOutput[0]!.relL2).toBe(0);
  });
});
