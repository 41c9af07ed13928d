// quantize-static: it fires (QDQ nodes, int8 weights, int32 bias, folded Relu, explanations), it
// works with int8 symmetric activations, it declines with its reasons, and the QDQ model runs in
// onnxruntime close to the float one (the bundled models' figures are in int8-models.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { attrInt } from '../../ir/attributes.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { deepFreeze } from '../testing/support.ts';
import { accuracyReport } from './accuracy.ts';
import { calibrate, type CalibrationTable } from './calibrate.ts';
import { randomSamples } from './prepare-int8.ts';
import { quantizeStatic } from './quantize-static.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

/** x -> Conv -> Relu -> GlobalAveragePool -> Flatten -> Gemm -> y. */
function convNet(opset = 17): Model {
  const w = new WeightFactory(31);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 3, 8, 8]);
  const c = b.node('Conv', [x, b.initializer(w.he('W', [4, 3, 3, 3], 27)), b.initializer(w.uniform('B', [4], -0.1, 0.1))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  const r = b.node('Relu', [c], { name: 'relu', outputs: ['r'] });
  const f = b.node('Flatten', [b.node('GlobalAveragePool', [r], { name: 'gap', outputs: ['g'] })], { name: 'flatten', outputs: ['f'] });
  b.node('Gemm', [f, b.initializer(w.he('Wg', [4, 10], 4)), b.initializer(w.uniform('Bg', [10], -0.1, 0.1))], { name: 'gemm', outputs: ['y'] });
  b.output('y', 'float32', [1, 10]);
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
}

const ops = (m: Model) => m.graph.nodes.map((n) => n.opType);

async function tableFor(m: Model): Promise<CalibrationTable> {
  return calibrate(m, randomSamples(m, 8, 100), 'minmax', run);
}

describe('quantize-static fires', () => {
  it('puts QDQ on activations, int8 weights behind DequantizeLinear, folds the Relu, and explains it', async () => {
    const model = deepFreeze(convNet());
    const table = await tableFor(model);
    const r = quantizeStatic(table).run(model);
    expect(ops(r.model)).toEqual([
      'DequantizeLinear', 'DequantizeLinear', 'DequantizeLinear', 'QuantizeLinear', 'DequantizeLinear', 'Conv', 'QuantizeLinear', 'DequantizeLinear',
      'GlobalAveragePool', 'QuantizeLinear', 'DequantizeLinear', 'Flatten', 'QuantizeLinear', 'DequantizeLinear', 'Gemm',
    ]);
    const conv = r.model.graph.nodes.find((n) => n.opType === 'Conv')!;
    expect(conv.outputs).toEqual(['r']);
    expect(conv.provenance).toEqual(['conv', 'relu']);
    const init = (name: string) => r.model.graph.initializers.find((t) => t.name === name)!;
    expect([init('W_quantized').dtype, init('W_scale').dims, init('B_quantized').dtype, init('r_zero_point').dtype]).toEqual(['int8', [4], 'int32', 'uint8']);
    const weightDq = r.model.graph.nodes.find((n) => n.opType === 'DequantizeLinear' && n.inputs[0] === 'W_quantized')!;
    expect(attrInt(weightDq, 'axis')).toBe(0);
    expect(r.changes.explanations.map((e) => e.message)).toEqual([
      'Conv conv: weight W [4,3,3,3] to int8 with 4 per-channel scales (432 B → 128 B); bias to int32 at scale s_x·s_w; folded Relu relu into its output quantization (its range starts at 0, so zero point 0 clips as it did)',
      'Gemm gemm: weight Wg [4,10] to int8 with 10 per-channel scales (160 B → 90 B)',
      'quantized 3 ops (1 Conv, 1 GlobalAveragePool, 1 Gemm) with QuantizeLinear/DequantizeLinear on 4 activations (uint8 asymmetric, minmax calibration over 8 samples); 2 weights to int8 per channel and 1 bias to int32 (608 B → 266 B); folded 1 Relu/Clip into the quantization before them',
    ]);
    expect(r.changes.nearMisses).toEqual([]);
    // A toy: its classifier sees 4 pooled features, each one 8-bit value; measured rel L2 3.4e-2.
    const report = await accuracyReport(model, r.model, randomSamples(model, 16, 1), run);
    expect(report.perOutput[0]!.relL2).toBeLessThan(6e-2);
  });

  it('quantizes activations to int8 symmetric when asked, keeping the Relu', async () => {
    const model = convNet();
    const r = quantizeStatic(await tableFor(model), { activations: 'int8' }).run(model);
    expect(ops(r.model)).toContain('Relu');
    expect(r.model.graph.initializers.filter((t) => t.name.endsWith('_zero_point') && t.dims.length === 0).every((t) => t.dtype === 'int8')).toBe(true);
    const report = await accuracyReport(model, r.model, randomSamples(model, 16, 1), run);
    expect(report.perOutput[0]!.relL2).toBeLessThan(6e-2);
  });

  it('raises an older opset to 13 for per-channel DequantizeLinear, saying so', async () => {
    const model = convNet(11);
    const r = quantizeStatic(await tableFor(model)).run(model);
    expect(r.changes.explanations[0]!.message).toBe('raised the default opset from 11 to 13: per-channel DequantizeLinear needs opset 13');
    expect(r.model.opsetImports).toEqual([{ domain: '', version: 13 }]);
    await accuracyReport(model, r.model, randomSamples(model, 2, 1), run);
  });
});

describe('quantize-static declines', () => {
  it('to fold a Relu whose output is a graph output (no QuantizeLinear would clip it)', async () => {
    const w = new WeightFactory(33);
    const b = new GraphBuilder('g');
    const c = b.node('Conv', [b.input('x', 'float32', [1, 2, 4, 4]), b.initializer(w.he('W', [2, 2, 1, 1], 2))], { name: 'conv' });
    b.node('Relu', [c], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32', [1, 2, 4, 4]);
    const model = makeModel(b.build());
    const r = quantizeStatic(await tableFor(model)).run(model);
    expect(ops(r.model).filter((o) => o === 'Conv' || o === 'Relu')).toEqual(['Conv', 'Relu']);
    const report = await accuracyReport(model, r.model, randomSamples(model, 4, 1), run);
    expect(report.perOutput[0]!.relL2).toBeLessThan(3e-2);
  });

  it('ops whose activations have no calibration range (a table from another model)', () => {
    const model = convNet();
    const r = quantizeStatic({ method: 'minmax', samples: 1, ranges: { other: { min: 0, max: 1 } } }).run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses.map((n) => `${n.nodeId}: ${n.reason}`)).toEqual([
      'conv: no calibration range for its input x',
      'relu: no calibration range for its input conv_out',
      'gap: no calibration range for its input r',
      'gemm: no calibration range for its input f',
    ]);
  });

  it('a Conv whose weight is a graph input', async () => {
    const b = new GraphBuilder('g');
    b.node('Conv', [b.input('x', 'float32', [1, 3, 4, 4]), b.input('w', 'float32', [2, 3, 1, 1])], { name: 'conv', outputs: ['y'] });
    b.output('y', 'float32', [1, 2, 4, 4]);
    const model = makeModel(b.build());
    const r = quantizeStatic({ method: 'minmax', samples: 1, ranges: { x: { min: -1, max: 1 }, w: { min: -1, max: 1 } } }).run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses.map((n) => n.reason)).toEqual(['w is a graph input, known only at run time; its weight must be a constant']);
  });
});
