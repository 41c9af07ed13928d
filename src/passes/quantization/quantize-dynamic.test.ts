// quantize-dynamic: it fires on Conv, Gemm and MatMul (node list, explanations, bytes), shares one
// DynamicQuantizeLinear per input, declines with its reasons, and the result runs in onnxruntime
// close to the float model (the bundled models' figures are in int8-models.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, float, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { lightModels, loadModel } from '../../test-support/models.ts';
import { deepFreeze } from '../testing/support.ts';
import { accuracyReport } from './accuracy.ts';
import { randomSamples } from './prepare-int8.ts';
import { quantizeDynamic, quantizeDynamicWith } from './quantize-dynamic.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

/** x -> Conv -> Flatten -> Gemm (transB, α, β) -> two MatMuls reading the same value. */
function layers(): Model {
  const w = new WeightFactory(21);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 3, 8, 8]);
  const c = b.node('Conv', [x, b.initializer(w.he('Wc', [4, 3, 3, 3], 27)), b.initializer(w.uniform('Bc', [4], -0.1, 0.1))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  const f = b.node('Flatten', [c], { name: 'flatten' });
  const g = b.node('Gemm', [f, b.initializer(w.he('Wg', [16, 256], 256)), b.initializer(w.uniform('Bg', [16], -0.1, 0.1))], { name: 'gemm', attrs: { transB: 1, alpha: float(0.5), beta: float(2) } });
  b.node('MatMul', [g, b.initializer(w.he('Wm', [16, 5], 16))], { name: 'mm1', outputs: ['y1'] });
  b.node('MatMul', [g, b.initializer(w.he('Wn', [16, 3], 16))], { name: 'mm2', outputs: ['y2'] });
  b.output('y1', 'float32', [1, 5]);
  b.output('y2', 'float32', [1, 3]);
  return makeModel(b.build());
}

const ops = (m: Model) => m.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));

describe('quantize-dynamic fires', () => {
  it('quantizes Conv, Gemm and MatMul weights per channel and explains each', async () => {
    const model = deepFreeze(layers());
    const r = quantizeDynamic.run(model);
    expect(ops(r.model)).toEqual([
      'DynamicQuantizeLinear', 'ConvInteger', 'Cast', 'Mul', 'Mul', 'Add', 'Flatten',
      'DynamicQuantizeLinear', 'MatMulInteger', 'Cast', 'Mul', 'Mul', 'Add',
      'DynamicQuantizeLinear', 'MatMulInteger', 'Cast', 'Mul', 'Mul', 'MatMulInteger', 'Cast', 'Mul', 'Mul',
    ]);
    expect(r.changes.explanations.map((e) => e.message)).toEqual([
      'Conv conv: weight Wc [4,3,3,3] to int8 with 4 per-output-channel scales (432 B → 125 B); ConvInteger reads its input x as uint8 quantized at run time',
      'Gemm gemm: weight Wg [16,256] to int8 with 16 per-column scales (16.0 KiB → 4.1 KiB); MatMulInteger reads its input flatten_out as uint8 quantized at run time',
      'MatMul mm1: weight Wm [16,5] to int8 with 5 per-column scales (320 B → 101 B); MatMulInteger reads its input gemm_out as uint8 quantized at run time',
      'MatMul mm2: weight Wn [16,3] to int8 with 3 per-column scales (192 B → 61 B); MatMulInteger reads its input gemm_out as uint8 quantized at run time',
      'quantized 4 weights to int8 (16.9 KiB → 4.3 KiB); 1 DynamicQuantizeLinear is shared by 2 ops reading the same input',
    ]);
    // The float weights are gone; the interface is unchanged.
    expect(r.model.graph.initializers.some((t) => ['Wc', 'Wg', 'Wm', 'Wn'].includes(t.name))).toBe(false);
    expect(r.changes.initializersRemoved).toEqual(expect.arrayContaining(['Wc', 'Wg', 'Wm', 'Wn']));
    expect(r.model.graph.outputs).toEqual(model.graph.outputs);
    const report = await accuracyReport(model, r.model, randomSamples(model, 8, 1), run);
    for (const o of report.perOutput) expect(o.relL2, o.name).toBeLessThan(2e-2);
  });

  it('writes com.microsoft DynamicQuantizeMatMul for MatMul and Gemm when asked, which onnxruntime runs', async () => {
    const model = layers();
    const r = quantizeDynamicWith({ contrib: true }).run(model);
    expect(ops(r.model).filter((o) => o.includes('DynamicQuantizeMatMul'))).toHaveLength(3);
    expect(r.model.opsetImports).toContainEqual({ domain: 'com.microsoft', version: 1 });
    const report = await accuracyReport(model, r.model, randomSamples(model, 8, 1), run);
    for (const o of report.perOutput) expect(o.relL2, o.name).toBeLessThan(2e-2);
  });
});

describe('quantize-dynamic declines', () => {
  const matmul = (weight: (b: GraphBuilder) => string) => {
    const b = new GraphBuilder('g');
    b.node('MatMul', [b.input('x', 'float32', [2, 4]), weight(b)], { name: 'mm', outputs: ['y'] });
    b.output('y', 'float32', [2, 3]);
    return makeModel(b.build());
  };
  const reasons = (m: Model) => quantizeDynamic.run(m).changes.nearMisses.map((n) => `${n.nodeId}: ${n.reason}`);

  it('a weight materialized by ConstantOfShape', () => {
    const m = matmul((b) => b.node('ConstantOfShape', [b.initializer(tensorFromNumbers('shape', 'int64', [2], [4, 3]))], { name: 'fill', attrs: { value: tensorFromNumbers('v', 'float32', [1], [0.5]) } }));
    expect(reasons(m)).toEqual(['mm: fill_out is materialized at run time by ConstantOfShape fill (one repeated value stored in a few bytes); quantizing it would make the model larger, not smaller; only constant weights are quantized']);
  });

  it('a weight computed from constants, pointing at fold-constants', () => {
    const m = matmul((b) => b.node('Transpose', [b.initializer(tensorFromNumbers('wt', 'float32', [3, 4], new Array(12).fill(0.25)))], { name: 't' }));
    expect(reasons(m)).toEqual(['mm: t_out is computed from constants by Transpose t; run fold-constants first to make it a weight; only constant weights are quantized']);
  });

  it('an activation times an activation, and a non-float weight', () => {
    expect(reasons(matmul((b) => b.input('w', 'float32', [4, 3])))).toEqual(['mm: w is a graph input, known only at run time; only constant weights are quantized']);
    const b = new GraphBuilder('g');
    b.node('MatMul', [b.input('x', 'int32', [2, 4]), b.initializer(tensorFromNumbers('w', 'int32', [4, 3], new Array(12).fill(1)))], { name: 'mm', outputs: ['y'] });
    b.output('y', 'int32', [2, 3]);
    expect(reasons(makeModel(b.build()))).toEqual(['mm: its input x is int32; only float32 activations are quantized']);
  });

  it('leaves the light CNNs (ConstantOfShape weights) unchanged, one near miss per weighted op', () => {
    const c = lightModels().find((m) => m.id === 'light_bvlc_alexnet')!;
    const model = loadModel(c.path);
    const r = quantizeDynamic.run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses).toHaveLength(8);
    expect(r.changes.nearMisses.every((n) => n.reason.includes('materialized at run time by ConstantOfShape'))).toBe(true);
  });
});
