// int8 inside If/Loop/Scan bodies: calibration measures body values (each If branch over the samples
// that took it, a Loop body over all its iterations), quantize-static and quantize-dynamic quantize
// the ops there and say which body, a weight read from an enclosing graph is stored as int8 where
// it lives, fuse-qdq fuses inside bodies, and every result runs in onnxruntime close to the float
// model. Silero VAD, whose network is all inside If branches, is in int8-silero.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { subgraphsOf } from '../../ir/graph.ts';
import type { Graph, Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { deepFreeze } from '../testing/support.ts';
import { accuracyReport } from './accuracy.ts';
import { calibrate } from './calibrate.ts';
import { fuseQdq } from './fuse-qdq.ts';
import { randomSamples } from './prepare-int8.ts';
import { quantizeDynamic } from './quantize-dynamic.ts';
import { quantizeStatic } from './quantize-static.ts';
import { ifModel, ifSamples, loopModel, scanModel } from './testing/body-models.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

/** The graph of attribute `attr` of node `id` in the main graph. */
function body(m: Model, id: string, attr: string): Graph {
  const a = m.graph.nodes.find((n) => n.id === id)!.attributes.find((x) => x.name === attr)!;
  if (a.type !== 'graph') throw new Error(`${id}.${attr} is not a graph`);
  return a.value;
}

/** Every value name a graph or its bodies define: inputs, initializers, node outputs. */
function definedNames(g: Graph): string[] {
  return [...g.inputs.map((v) => v.name), ...g.initializers.map((t) => t.name), ...g.nodes.flatMap((n) => [...n.outputs.filter((o) => o), ...subgraphsOf(n).flatMap(definedNames)])];
}

const ops = (g: Graph) => g.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));

/** Worst rel L2 of the first output over 16 inputs (both branches of ifModel: 8 with each flag). */
async function worstRelL2(original: Model, quantized: Model): Promise<number> {
  const sets = original.graph.inputs.some((v) => v.name === 'flag') ? [ifSamples(original, 8, 1, true), ifSamples(original, 8, 1, false)] : [randomSamples(original, 16, 1)];
  const reports = await Promise.all(sets.map((s) => accuracyReport(original, quantized, s, run)));
  return Math.max(...reports.map((r) => r.perOutput[0]!.relL2));
}

describe('calibration inside bodies', () => {
  it('measures each If branch over the samples that took it and a Loop body over every iteration', async () => {
    const m = ifModel();
    const both = await calibrate(m, ifSamples(m, 8, 100), 'minmax', run);
    expect(Object.keys(both.bodies!)).toEqual(['if.then_branch', 'if.else_branch']);
    expect(Object.keys(both.bodies!['if.then_branch']!)).toEqual(['conv_out', 'r', 'g', 'y_then']);
    expect(both.bodies!['if.then_branch']!.r!.min).toBe(0);
    const thenOnly = await calibrate(m, ifSamples(m, 4, 100, true), 'minmax', run);
    expect(Object.keys(thenOnly.bodies!)).toEqual(['if.then_branch']);

    // The Loop stacks every iteration's y as its output ys: the body's y range is the range of ys.
    const l = loopModel();
    const t = await calibrate(l, randomSamples(l, 8, 100), 'minmax', run);
    expect(t.bodies!['loop.body']!.y).toEqual(t.ranges.ys);
    expect(Object.keys(t.bodies!['loop.body']!)).toEqual(['h', 'y', 'h_next']);
  });

  it('fills percentile and entropy histograms of body values across iterations', async () => {
    const l = loopModel();
    const samples = randomSamples(l, 8, 100);
    const minmax = (await calibrate(l, samples, 'minmax', run)).bodies!['loop.body']!.y!;
    for (const method of ['percentile', 'entropy'] as const) {
      // 8 values × 3 iterations × 8 samples = 192 ≥ 64 bins: the histogram decides, no MinMax fallback.
      const t = await calibrate(l, samples, method, run, { bins: 64, percentile: 99, levels: 16 });
      expect(t.minmaxFallback, method).not.toContain('loop.body:y');
      const y = t.bodies!['loop.body']!.y!;
      expect(y.min, method).toBeGreaterThanOrEqual(minmax.min);
      expect(y.max, method).toBeLessThanOrEqual(minmax.max);
      expect(y.max - y.min, method).toBeLessThan(minmax.max - minmax.min);
      const q = fuseQdq.run(quantizeStatic(t).run(l).model).model;
      // y is the body's output and stays float; its input h is quantized as with MinMax (8.1e-3).
      expect(await worstRelL2(l, q), method).toBeLessThan(3e-2);
    }
  });
});

describe('quantize-static inside bodies', () => {
  it('quantizes the Conv and MatMul of both If branches, storing the outer weight where it lives', async () => {
    const m = deepFreeze(ifModel());
    const r = quantizeStatic(await calibrate(m, ifSamples(m, 8, 100), 'minmax', run)).run(m);
    expect(r.changes.explanations.map((e) => e.message)).toEqual([
      'in If if then_branch: Conv conv: weight Wc [4,3,3,3] to int8 with 4 per-channel scales (432 B → 128 B); bias to int32 at scale s_x·s_w; folded Relu relu into its output quantization (its range starts at 0, so zero point 0 clips as it did)',
      'in If if else_branch: MatMul matmul: weight Wm [192,4] to int8 with 4 per-channel scales (3.0 KiB → 788 B)',
      'quantized 3 ops (1 Conv, 1 GlobalAveragePool, 1 MatMul) with QuantizeLinear/DequantizeLinear on 4 activations (uint8 asymmetric, minmax calibration over 8 samples); 2 weights to int8 per channel and 1 bias to int32 (3.4 KiB → 964 B); folded 1 Relu/Clip into the quantization before them; inside bodies: 2 in If if then_branch, 1 in If if else_branch',
    ]);
    expect(r.changes.nearMisses).toEqual([]);
    const [then, other] = [body(r.model, 'if', 'then_branch'), body(r.model, 'if', 'else_branch')];
    expect(ops(then)).toEqual(['DequantizeLinear', 'DequantizeLinear', 'QuantizeLinear', 'DequantizeLinear', 'Conv', 'QuantizeLinear', 'DequantizeLinear', 'GlobalAveragePool', 'QuantizeLinear', 'DequantizeLinear', 'Flatten']);
    expect(ops(other)).toEqual(['Flatten', 'DequantizeLinear', 'QuantizeLinear', 'DequantizeLinear', 'MatMul']);
    // Wm is a main-graph weight the else branch reads: its int8 copy replaces it there.
    expect(r.model.graph.initializers.map((t) => `${t.dtype} ${t.name}`)).toEqual(['int8 Wm_quantized', 'float32 Wm_scale', 'int8 Wm_zero_point']);
    expect(other.initializers.some((t) => t.name.startsWith('Wm'))).toBe(false);
    // The Conv reads x, an outer value: its QuantizeLinear is the branch's own.
    expect(then.nodes.find((n) => n.opType === 'QuantizeLinear')!.inputs[0]).toBe('x');
    // Every name the pass made is new in the whole model, not just in its branch.
    const names = definedNames(r.model.graph);
    expect(names.length).toBe(new Set(names).size);
    // Measured 2.8e-2 (then, through 8-bit pooled features) and 5.7e-3 (else).
    expect(await worstRelL2(m, r.model)).toBeLessThan(6e-2);
  });

  it('quantizes the MatMul of a Loop body and the MatMul of a Scan body', async () => {
    const l = deepFreeze(loopModel());
    const r = quantizeStatic(await calibrate(l, randomSamples(l, 8, 100), 'minmax', run)).run(l);
    expect(r.changes.explanations.map((e) => e.message)).toEqual([
      'in Loop loop body: MatMul mm: weight W [8,8] to int8 with 8 per-channel scales (256 B → 104 B)',
      'quantized 1 ops (1 MatMul) with QuantizeLinear/DequantizeLinear on 1 activations (uint8 asymmetric, minmax calibration over 8 samples); 1 weight to int8 per channel (256 B → 104 B); inside bodies: 1 in Loop loop body',
    ]);
    expect(ops(body(r.model, 'loop', 'body'))).toEqual(['Identity', 'DequantizeLinear', 'QuantizeLinear', 'DequantizeLinear', 'MatMul', 'Tanh']);
    expect(await worstRelL2(l, r.model)).toBeLessThan(3e-2); // measured 8.1e-3

    const s = scanModel();
    const q = quantizeStatic(await calibrate(s, randomSamples(s, 8, 100), 'minmax', run)).run(s);
    expect(q.changes.explanations.at(-1)!.message).toMatch(/^quantized 3 ops \(1 MatMul, 1 Add, 1 Relu\) .*; inside bodies: 3 in Scan scan body$/);
    // The carried sum adds up five 8-bit products: measured 3.8e-2 on it.
    expect(await worstRelL2(s, q.model)).toBeLessThan(8e-2);
  });

  it('keeps a Relu whose output a branch reads: folded, its name would hold the unclipped Conv output there', async () => {
    const w = new WeightFactory(45);
    const then = new GraphBuilder('then');
    then.node('Neg', ['r'], { name: 'neg', outputs: ['t'] });
    then.output('t', 'float32', [1, 2, 4, 4]);
    const other = new GraphBuilder('else');
    other.node('Identity', ['r'], { name: 'copy', outputs: ['e'] });
    other.output('e', 'float32', [1, 2, 4, 4]);
    const b = new GraphBuilder('g');
    const c = b.node('Conv', [b.input('x', 'float32', [1, 2, 4, 4]), b.initializer(w.he('W', [2, 2, 1, 1], 2))], { name: 'conv' });
    b.input('flag', 'bool', []);
    b.node('Relu', [c], { name: 'relu', outputs: ['r'] });
    b.node('If', ['flag'], { name: 'if', attrs: { then_branch: then.build(), else_branch: other.build() }, outputs: ['y'] });
    b.output('y', 'float32', [1, 2, 4, 4]);
    const m = makeModel(b.build());
    const r = quantizeStatic(await calibrate(m, ifSamples(m, 8, 100), 'minmax', run)).run(m);
    expect(ops(r.model.graph)).toContain('Relu');
    expect(r.changes.explanations.some((e) => e.message.includes('folded'))).toBe(false);
    expect(await worstRelL2(m, r.model)).toBeLessThan(3e-2);
  });

  it('leaves a branch float when no calibration sample took it, saying so', async () => {
    const m = ifModel();
    const r = quantizeStatic(await calibrate(m, ifSamples(m, 4, 100, true), 'minmax', run)).run(m);
    expect(r.changes.nearMisses.map((n) => `${n.nodeId}: ${n.reason}`)).toEqual(['matmul: in If if else_branch: no calibration range for its input f: no calibration sample ran this body']);
    expect(ops(body(r.model, 'if', 'else_branch'))).toEqual(['Flatten', 'MatMul']);
  });
});

describe('fuse-qdq inside bodies', () => {
  it('fuses the QDQ groups of both If branches and of a Loop body', async () => {
    const m = ifModel();
    const q = quantizeStatic(await calibrate(m, ifSamples(m, 8, 100), 'minmax', run)).run(m).model;
    const f = fuseQdq.run(q);
    expect(f.changes.explanations.map((e) => e.message)).toEqual([
      'fused Conv conv with its DequantizeLinear inputs and QuantizeLinear output into QLinearConv: uint8 activations, int8 weight [4,3,3,3] with 4 scales, int32 bias',
      'fused GlobalAveragePool gap with its DequantizeLinear input and QuantizeLinear output into com.microsoft QLinearGlobalAveragePool (uint8)',
      'fused MatMul matmul with its DequantizeLinear inputs into MatMulInteger → Cast → Mul by s_a·s_b (its result stays float)',
    ]);
    expect(ops(body(f.model, 'if', 'then_branch'))).toEqual(['QuantizeLinear', 'QLinearConv', 'com.microsoft.QLinearGlobalAveragePool', 'DequantizeLinear', 'Flatten']);
    expect(ops(body(f.model, 'if', 'else_branch'))).toEqual(['Flatten', 'QuantizeLinear', 'MatMulInteger', 'Cast', 'Mul']);
    expect(await worstRelL2(m, f.model)).toBeLessThan(6e-2);

    const l = loopModel();
    const lf = fuseQdq.run(quantizeStatic(await calibrate(l, randomSamples(l, 8, 100), 'minmax', run)).run(l).model);
    expect(ops(body(lf.model, 'loop', 'body'))).toEqual(['Identity', 'QuantizeLinear', 'MatMulInteger', 'Cast', 'Mul', 'Tanh']);
    expect(await worstRelL2(l, lf.model)).toBeLessThan(3e-2);
  });
});

describe('quantize-dynamic inside bodies', () => {
  it('quantizes the Conv and MatMul of both If branches and the MatMul of a Loop body', async () => {
    const m = deepFreeze(ifModel());
    const r = quantizeDynamic.run(m);
    expect(r.changes.explanations.map((e) => e.message)).toEqual([
      'in If if then_branch: Conv conv: weight Wc [4,3,3,3] to int8 with 4 per-output-channel scales (432 B → 125 B); ConvInteger reads its input x as uint8 quantized at run time',
      'in If if else_branch: MatMul matmul: weight Wm [192,4] to int8 with 4 per-column scales (3.0 KiB → 785 B); MatMulInteger reads its input f as uint8 quantized at run time',
      'quantized 2 weights to int8 (3.4 KiB → 910 B); inside bodies: 1 in If if then_branch, 1 in If if else_branch',
    ]);
    expect(ops(body(r.model, 'if', 'then_branch'))).toEqual(['DynamicQuantizeLinear', 'ConvInteger', 'Cast', 'Mul', 'Mul', 'Add', 'Relu', 'GlobalAveragePool', 'Flatten']);
    expect(ops(body(r.model, 'if', 'else_branch'))).toEqual(['Flatten', 'DynamicQuantizeLinear', 'MatMulInteger', 'Cast', 'Mul', 'Mul']);
    expect(r.model.graph.initializers.map((t) => t.name)).toEqual(['Wm_quantized', 'Wm_scale', 'Wm_zero_point']);
    expect(await worstRelL2(m, r.model)).toBeLessThan(2e-2); // measured 1.4e-3 (then) and 5.8e-3 (else)

    const l = loopModel();
    const d = quantizeDynamic.run(l);
    expect(d.changes.explanations[0]!.message).toBe('in Loop loop body: MatMul mm: weight W [8,8] to int8 with 8 per-column scales (256 B → 97 B); MatMulInteger reads its input h as uint8 quantized at run time');
    expect(await worstRelL2(l, d.model)).toBeLessThan(3e-2); // measured 9.3e-3
  });
});
