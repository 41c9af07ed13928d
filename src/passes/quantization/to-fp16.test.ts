// to-fp16: it fires (node list and explanations), it declines with its reasons, the bundled models
// stay within rel L2 1e-2 of float32 in onnxruntime, and the facts the pass states about
// onnxruntime's CPU kernels and about float16 overflow are checked here.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { evaluateNode } from '../../ir/eval/evaluate.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import { importModel } from '../../ir/onnx/import.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Model, Node, Tensor } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { compareTensors } from '../../reference/compare.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { runOrt } from '../../reference/ort-node.ts';
import { bundledModels, lightModels, loadModel, type ModelCase } from '../../test-support/models.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { ORT_CPU_FLOAT16_OPS } from './fp16-ops.ts';
import { accuracyReport, formatAccuracy } from './accuracy.ts';
import { calibrate } from './calibrate.ts';
import { randomSamples } from './prepare-int8.ts';
import { ortRunner } from './testing/ort-runner.ts';
import { toFp16, toFp16With } from './to-fp16.ts';

const bundled = (id: string) => bundledModels().find((c) => c.id === id)!;
const messages = (r: ReturnType<typeof toFp16.run>) => r.changes.explanations.map((e) => e.message);

/** x -> Conv -> Relu -> Pow (block list) -> GlobalAveragePool -> Flatten -> Gemm -> y. */
function convModel(): Model {
  const w = new WeightFactory(11);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 3, 8, 8]);
  const c = b.node('Conv', [x, b.initializer(w.he('W', [4, 3, 3, 3], 27)), b.initializer(w.uniform('B', [4], -0.1, 0.1))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  const r = b.node('Relu', [c], { name: 'relu' });
  const p = b.node('Pow', [r, b.initializer(tensorFromNumbers('two', 'float32', [], [2]))], { name: 'pow' });
  const f = b.node('Flatten', [b.node('GlobalAveragePool', [p], { name: 'gap' })], { name: 'flatten' });
  b.node('Gemm', [f, b.initializer(w.he('Wg', [4, 10], 4)), b.initializer(w.uniform('Bg', [10], -0.1, 0.1))], { name: 'gemm', outputs: ['y'] });
  b.output('y', 'float32', [1, 10]);
  return makeModel(b.build());
}

/** Worst rel L2 of every output over three seeded inputs (onnxruntime, graph optimizations off). */
async function worstRelL2(original: Model, converted: Model, c: Pick<ModelCase, 'entry'>, outputNames?: string[]): Promise<number> {
  let worst = 0;
  for (const seed of [1, 2, 3]) {
    const inputs = randomInputs(original.graph, { seed, inputs: c.entry?.inputs });
    const options = { graphOptimizationLevel: 'disabled' as const, ...(outputNames ? { outputNames } : {}) };
    const [want, got] = [await runOrt(exportModel(original), inputs, options), await runOrt(exportModel(converted), inputs, options)];
    // An intermediate exposed from the float16 model is float16: compare values, not dtypes.
    const asFloat32 = (t: Tensor) => (t.dtype === 'float32' ? t : tensorFromNumbers(t.name, 'float32', t.dims, tensorToNumbers(t)));
    want.forEach((w, i) => (worst = Math.max(worst, compareTensors(asFloat32(got[i]!), w).relL2)));
  }
  return worst;
}

describe('to-fp16 fires', () => {
  it('converts weights and ops, casts at the interface and around block-listed ops, and explains it', async () => {
    const model = deepFreeze(convModel());
    const r = toFp16.run(model);
    const ops = (m: Model) => m.graph.nodes.map((n: Node) => n.opType);
    expect(ops(r.model)).toEqual(['Cast', 'Conv', 'Relu', 'Cast', 'Pow', 'Cast', 'GlobalAveragePool', 'Flatten', 'Gemm', 'Cast']);
    expect(r.model.graph.initializers.map((t) => `${t.name}:${t.dtype}`).sort()).toEqual(['B:float16', 'Bg:float16', 'W:float16', 'Wg:float16', 'two:float32']);
    expect(messages(r)).toEqual([
      'converted 4 weights (648 B → 324 B) and 5 ops to float16; kept Pow pow in float32 (block list); added 4 Casts (1 at graph inputs, 1 at graph outputs, 2 around float32 ops)',
      "onnxruntime's CPU provider has float16 kernels for 1 of the 5 converted op types (Flatten); it computes Conv, Gemm, GlobalAveragePool, Relu in float32, casting their float16 inputs up itself, so on CPU the model saves weight memory but keeps float32 arithmetic",
    ]);
    expect(r.changes.nearMisses).toEqual([{ rule: 'to-fp16/block-list', nodeId: 'pow', reason: 'block list: squares for a variance overflow float16 (65504) once |x| > 256' }]);
    // The interface is unchanged: same names, float32 in and out.
    expect(r.model.graph.inputs).toEqual(model.graph.inputs);
    expect(r.model.graph.outputs).toEqual(model.graph.outputs);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-2 });
  });

  it('converts block-listed ops too when the block list is emptied', async () => {
    const model = convModel();
    const r = toFp16With({ blockList: [] }).run(model);
    expect(r.model.graph.nodes.filter((n) => n.opType === 'Cast')).toHaveLength(2);
    expect(r.model.graph.initializers.find((t) => t.name === 'two')!.dtype).toBe('float16');
    expect(r.changes.nearMisses).toEqual([]);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-2 });
  });
});

describe('to-fp16 declines', () => {
  const scaled = (value: number) => {
    const b = new GraphBuilder('g');
    b.node('Mul', [b.input('x', 'float32', [2, 3]), b.initializer(tensorFromNumbers('k', 'float32', [3], [1, value, -2]))], { name: 'mul', outputs: ['y'] });
    b.output('y', 'float32', [2, 3]);
    return makeModel(b.build());
  };

  it('keeps the readers of a constant beyond ±65504 in float32, saying why', () => {
    const model = scaled(1e5);
    const r = toFp16.run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses).toEqual([{ rule: 'to-fp16/out-of-range', nodeId: 'mul', reason: "constant k holds 1 value beyond float16's ±65504 (up to 1.00e+5); set outOfRange: 'clamp' to clamp them" }]);
  });

  it('clamps such a constant when asked, and says so', async () => {
    const model = scaled(1e5);
    const r = toFp16With({ outOfRange: 'clamp' }).run(model);
    expect(messages(r)[0]).toBe('converted 1 weight (12 B → 6 B) and 1 op to float16; added 2 Casts (1 at graph inputs, 1 at graph outputs, 0 around float32 ops); clamped 1 constant value to ±65504');
    const inputs = [tensorFromNumbers('x', 'float32', [2, 3], [1, 1, 1, 0.5, 0.25, 2])];
    const [y] = await runOrt(exportModel(r.model), inputs);
    expect(Array.from(tensorToNumbers(y!))).toEqual([1, 65504, -2, 0.5, 16376, -4]);
  });

  it('keeps a non-zero epsilon non-zero', () => {
    const r = toFp16.run(scaled(1e-12));
    const k = r.model.graph.initializers.find((t) => t.name === 'k')!;
    expect(Array.from(tensorToNumbers(k))).toEqual([1, 2 ** -24, -2]);
    expect(messages(r)[0]).toContain('raised 1 tiny constant value to ±2^-24 so they stay non-zero');
  });

  it('leaves a model without float32 values alone', () => {
    const b = new GraphBuilder('g');
    b.node('Add', [b.input('x', 'int64', [2]), b.input('z', 'int64', [2])], { name: 'add', outputs: ['y'] });
    b.output('y', 'int64', [2]);
    const model = makeModel(b.build());
    const r = toFp16.run(model);
    expect(r.model).toBe(model);
    expect(r.changes.explanations).toEqual([]);
  });

  it('keeps If in float32 with its bodies, and Silero VAD still runs the same', async () => {
    const c = bundled('silero-vad');
    const model = loadModel(c.path);
    const r = toFp16.run(model);
    expect(r.changes.nearMisses).toEqual([{ rule: 'to-fp16/subgraph', nodeId: 'If_0', reason: 'If bodies are not converted; its inputs are cast back to float32' }]);
    await expectSameOutputs(model, r.model, c, { relL2: 1e-2 });
  });
});

describe('to-fp16 on the bundled models (onnxruntime, 3 seeded inputs)', () => {
  for (const id of ['mlp', 'cnn', 'transformer', 'paddleocr-cls']) {
    it(`${id} stays within rel L2 1e-2 of float32`, async () => {
      const c = bundled(id);
      const model = loadModel(c.path);
      const r = toFp16.run(model);
      const relL2 = await worstRelL2(model, r.model, c);
      const run = ortRunner();
      const report = await accuracyReport(model, r.model, randomSamples(model, 8, 1, { ...(c.entry?.inputs ? { inputs: c.entry.inputs } : {}) }), run);
      await run.release();
      console.log(`to-fp16 ${id}: worst rel L2 ${relL2.toExponential(2)} over 3 inputs; 8 inputs: ${formatAccuracy(report)}; ${messages(r)[0]}`);
      expect(relL2).toBeLessThanOrEqual(1e-2);
    });
  }

  it('paddleocr-det: logits within rel L2 1e-2, probabilities within 1e-4 absolute', async () => {
    // On random images the detector's final Sigmoid sees logits near -13.4, where float16 spacing
    // (2^-7) alone moves the 1e-6 probability by 1-2%, and where onnxruntime's float32 Sigmoid
    // itself resolves only steps of 2^-25 (3e-8): rel L2 of that map (0.18-0.34) measures noise.
    // The logits and the probabilities' absolute error are what a threshold of 0.3 sees.
    const c = bundled('paddleocr-det');
    const model = loadModel(c.path);
    const r = toFp16.run(model);
    const sigmoid = model.graph.nodes.find((n) => n.opType === 'Sigmoid')!;
    const logits = sigmoid.inputs[0]!;
    const expose = (m: Model) => ({ ...m, graph: { ...m.graph, outputs: [...m.graph.outputs, { name: logits }] } });
    const relL2 = await worstRelL2(expose(model), expose(r.model), c, [logits]);
    const inputs = randomInputs(model.graph, { seed: 1, inputs: c.entry?.inputs });
    const [[want], [got]] = [await runOrt(exportModel(model), inputs), await runOrt(exportModel(r.model), inputs)];
    const maxAbs = compareTensors(got!, want!).maxAbsError;
    console.log(`to-fp16 paddleocr-det: logits worst rel L2 ${relL2.toExponential(2)}, probability max abs error ${maxAbs.toExponential(2)}; ${messages(r)[0]}`);
    expect(relL2).toBeLessThanOrEqual(1e-2);
    expect(maxAbs).toBeLessThanOrEqual(1e-4);
  });
});

describe('to-fp16 with calibrated activation ranges', () => {
  it('keeps the ops of a light CNN whose activations overflow float16 in float32, and the NaN goes away', async () => {
    // SqueezeNet with constant-fill weights: activations reach 3.8e5 on a random image.
    const c = lightModels().find((m) => m.id === 'light_squeezenet')!;
    const model = loadModel(c.path);
    const inputs = randomInputs(model.graph, { seed: 1 });
    const nans = async (m: Model) => Array.from(tensorToNumbers((await runOrt(exportModel(m), inputs, { graphOptimizationLevel: 'disabled' }))[0]!)).filter(Number.isNaN).length;
    expect(await nans(toFp16.run(model).model)).toBe(1000);
    const run = ortRunner();
    const table = await calibrate(model, [inputs], 'minmax', run);
    await run.release();
    const r = toFp16With({ activationRanges: table.ranges }).run(model);
    const kept = r.changes.nearMisses.filter((n) => n.rule === 'to-fp16/out-of-range');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept[0]!.reason).toMatch(/^\S+ reached [\d.e+]+ on the calibration samples, beyond float16's ±65504$/);
    expect(await nans(r.model)).toBe(0);
    expect(await worstRelL2(model, r.model, c)).toBeLessThanOrEqual(1e-2);
  });
});

describe('what to-fp16 states about float16', () => {
  const dir = mkdtempSync(`${tmpdir()}/kiln-fp16-`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** True when onnxruntime's CPU provider runs `op` on float16 without inserting Casts around it. */
  async function runsInFloat16(op: string, extra: (b: GraphBuilder) => string[] = () => [], attrs?: Record<string, number | number[] | Tensor>): Promise<boolean> {
    const b = new GraphBuilder('g');
    const first = op === 'ConstantOfShape' ? b.input('x', 'int64', [2]) : b.input('x', 'float16', [2, 8]);
    b.node(op, [first, ...extra(b)], { name: 'n', attrs, outputs: ['y'] });
    b.output('y');
    const path = `${dir}/${op}.onnx`;
    const session = await ort.InferenceSession.create(exportModel(makeModel(b.build())), { graphOptimizationLevel: 'disabled', optimizedModelFilePath: path, logSeverityLevel: 4 });
    await session.release();
    return !importModel(new Uint8Array(readFileSync(path))).graph.nodes.some((n) => n.opType === 'Cast');
  }

  it("matches onnxruntime's CPU float16 kernels (ORT_CPU_FLOAT16_OPS)", async () => {
    const i64 = (name: string, values: number[]) => (b: GraphBuilder) => [b.initializer(tensorFromNumbers(name, 'int64', [values.length], values))];
    const half = (name: string, dims: number[], v: number) => (b: GraphBuilder) => [b.initializer(tensorFromNumbers(name, 'float16', dims, new Array(dims.reduce((a, d) => a * d, 1)).fill(v)))];
    const cases: [string, ((b: GraphBuilder) => string[])?, Record<string, number | number[] | Tensor>?][] = [
      ['ConstantOfShape', undefined, { value: tensorFromNumbers('v', 'float16', [1], [0.5]) }],
      ['Identity'], ['Flatten'], ['Transpose'], ['Reshape', i64('s', [-1])], ['Unsqueeze', i64('a', [0])], ['Slice', (b) => [...i64('s', [0])(b), ...i64('e', [1])(b)]],
      ['Gather', i64('i', [0])], ['Expand', i64('s', [2, 8])], ['Concat', undefined, { axis: 0 }], ['Clip'], ['Sign'], ['Round'], ['Max', half('m', [8], 0)], ['Min', half('m', [8], 0)],
      ['LayerNormalization', (b) => [...half('s', [8], 1)(b), ...half('bb', [8], 0)(b)]],
      ['Relu'], ['Sigmoid'], ['Exp'], ['Add', half('a', [8], 1)], ['Mul', half('a', [8], 1)], ['MatMul', half('w', [8, 4], 0.5)], ['ReduceMean'], ['Pow', half('p', [], 2)], ['Softmax'],
    ];
    const verdicts = await Promise.all(cases.map(async ([op, extra, attrs]) => [op, await runsInFloat16(op, extra, attrs)] as const));
    expect(verdicts.filter(([, native]) => native).map(([op]) => op)).toEqual(cases.map(([op]) => op).filter((op) => ORT_CPU_FLOAT16_OPS.has(op)));
  });

  it('a squared activation of 300 overflows float16 storage (why Pow and ReduceMean are block-listed)', () => {
    const pow = { id: 'pow', name: 'pow', opType: 'Pow', domain: '', inputs: ['x', 'two'], outputs: ['y'], attributes: [] };
    const mean = { id: 'mean', name: 'mean', opType: 'ReduceMean', domain: '', inputs: ['y'], outputs: ['m'], attributes: [{ name: 'axes', type: 'ints' as const, value: [-1] }] };
    const run = (dtype: 'float16' | 'float32') => {
      const [y] = evaluateNode(pow, [tensorFromNumbers('x', dtype, [4], [300, -280, 10, 1]), tensorFromNumbers('two', dtype, [], [2])], 17);
      return tensorToNumbers(evaluateNode(mean, [y!], 17)[0]!)[0];
    };
    expect(run('float32')).toBeCloseTo((300 ** 2 + 280 ** 2 + 100 + 1) / 4, 1);
    expect(run('float16')).toBe(Infinity);
  });
});
