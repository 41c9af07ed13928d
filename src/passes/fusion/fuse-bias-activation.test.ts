import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel, type AttrInput } from '../../ir/builder.ts';
import { getAttribute } from '../../ir/attributes.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { sinkTransposes } from '../layout/sink-transposes.ts';
import { toNhwc } from '../layout/to-nhwc.ts';
import { fuseBiasActivation } from './fuse-bias-activation.ts';
import { fuseConvBn } from './fuse-conv-bn.ts';
import { fuseMatmulAdd } from './fuse-matmul-add.ts';
import { recognizeActivations } from './recognize-activations.ts';
import { cleanedBundled, DET_LOGITS, opCounts, runPasses, withOutputs } from './testing/bundled.ts';
import { opTypes } from './testing/build.ts';

const MS = [{ domain: 'com.microsoft', version: 1 }];

interface Act {
  readonly op: string;
  readonly domain?: string;
  readonly attrs?: Record<string, AttrInput>;
}

/** Conv (with or without bias; or bias-less + Add of a [1,4,1,1] bias) then `act`. */
function convModel(act: Act, opts: { opset?: number; bias?: 'conv' | 'add'; clip?: [number, number] } = {}): Model {
  const w = new WeightFactory(21);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 3, 6, 6]);
  const inputs = [x, b.initializer(w.he('w', [4, 3, 3, 3], 27)), ...(opts.bias === 'conv' ? [b.initializer(w.uniform('b', [4], -0.5, 0.5))] : [])];
  let c = b.node('Conv', inputs, { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  if (opts.bias === 'add') c = b.node('Add', [c, b.initializer(w.uniform('cb', [1, 4, 1, 1], -0.5, 0.5))], { name: 'bias' });
  const actInputs = opts.clip ? [c, ...opts.clip.map((v, i) => b.initializer(w.constant(`clip${i}`, [], v)))] : [c];
  b.node(act.op, actInputs, { name: 'act', domain: act.domain, attrs: act.attrs, outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: opts.opset ?? 17 }, ...MS] });
}

/** Conv (with bias) + Add of a residual graph input of `residualDims` + `act`. */
function residualModel(act: Act, residualDims = [1, 4, 6, 6]): Model {
  const w = new WeightFactory(24);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 3, 6, 6]);
  const r = b.input('r', 'float32', residualDims);
  const c = b.node('Conv', [x, b.initializer(w.he('w', [4, 3, 3, 3], 27)), b.initializer(w.uniform('b', [4], -0.5, 0.5))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  b.node(act.op, [b.node('Add', [r, c], { name: 'sum' })], { name: 'act', domain: act.domain, attrs: act.attrs, outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, ...MS] });
}

function gemmModel(act: Act): Model {
  const w = new WeightFactory(22);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [3, 5]);
  const g = b.node('Gemm', [x, b.initializer(w.he('w', [4, 5], 5)), b.initializer(w.uniform('c', [4], -1, 1))], { name: 'gemm', attrs: { transB: 1 } });
  b.node(act.op, [g], { name: 'act', domain: act.domain, attrs: act.attrs, outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: 20 }, ...MS] });
}

/** MatMul + Add(bias) + a GELU op, as recognize-activations leaves a transformer FFN. */
function biasGeluModel(gelu: Act, biasDims = [8]): Model {
  const w = new WeightFactory(23);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [2, 3, 6]);
  const h = b.node('MatMul', [x, b.initializer(w.he('w', [6, 8], 6))], { name: 'mm' });
  const t = b.node('Add', [h, b.initializer(w.uniform('bias', biasDims, -1, 1))], { name: 'add' });
  b.node(gelu.op, [t], { name: 'gelu', domain: gelu.domain, attrs: gelu.attrs, outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: 20 }, ...MS] });
}

async function fuses(model: Model, ops: string[]): Promise<Model> {
  const { model: out } = fuseBiasActivation.run(deepFreeze(model));
  expect(opTypes(out)).toEqual(ops);
  await expectSameOutputs(model, out, {}, { relL2: 1e-5 });
  return out;
}

describe('fuse-bias-activation', () => {
  it('fuses Conv + Relu into FusedConv and explains it', async () => {
    const model = convModel({ op: 'Relu' }, { bias: 'conv' });
    const { changes } = fuseBiasActivation.run(model);
    expect(changes.explanations.map((e) => e.message)).toEqual(['fused Conv conv, Relu act into com.microsoft.FusedConv (activation Relu)']);
    await fuses(model, ['com.microsoft.FusedConv']);
  });

  it('fuses to-nhwc\'s kiln.NhwcConv + Relu into kiln.NhwcFusedConv (ort-layout), onnxruntime running it alike', async () => {
    // Conv → Relu → MaxPool: the MaxPool keeps the Relu inside the NHWC region once Transposes cancel.
    const w = new WeightFactory(25);
    const g = new GraphBuilder('g');
    const conv = g.node('Conv', [g.input('x', 'float32', [1, 3, 6, 6]), g.initializer(w.he('w', [4, 3, 3, 3], 27)), g.initializer(w.uniform('b', [4], -0.5, 0.5))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
    g.node('MaxPool', [g.node('Relu', [conv], { name: 'act' })], { name: 'pool', attrs: { kernel_shape: [2, 2] }, outputs: ['y'] });
    g.output('y', 'float32');
    const nhwc = sinkTransposes.run(toNhwc.run(makeModel(g.build(), { opsetImports: [{ domain: '', version: 17 }] })).model).model;
    const { model: out, changes } = fuseBiasActivation.run(deepFreeze(nhwc));
    expect(changes.explanations.map((e) => e.message)).toEqual(['fused kiln.NhwcConv conv, Relu act into kiln.NhwcFusedConv (activation Relu)']);
    expect(opTypes(out)).toContain('kiln.NhwcFusedConv');
    await expectSameOutputs(nhwc, out, {}, { relL2: 1e-5 });
  });

  it('fuses to-nhwc\'s kiln.NhwcConv + residual Add + Relu into kiln.NhwcFusedConv:residual (ort-layout), onnxruntime running it alike', async () => {
    const w = new WeightFactory(26);
    const g = new GraphBuilder('g');
    const x = g.input('x', 'float32', [1, 4, 5, 5]);
    const r = g.node('Relu', [x], { name: 'pre' });
    const conv = g.node('Conv', [r, g.initializer(w.he('w', [4, 4, 3, 3], 36)), g.initializer(w.uniform('b', [4], -0.5, 0.5))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
    const sum = g.node('Add', [conv, r], { name: 'add' });
    g.node('MaxPool', [g.node('Relu', [sum], { name: 'act' })], { name: 'pool', attrs: { kernel_shape: [2, 2] }, outputs: ['y'] });
    g.output('y', 'float32');
    const nhwc = sinkTransposes.run(toNhwc.run(makeModel(g.build(), { opsetImports: [{ domain: '', version: 17 }] })).model).model;
    const { model: out, changes } = fuseBiasActivation.run(deepFreeze(nhwc));
    const z = nhwc.graph.nodes.find((n) => n.id === 'add')!.inputs[1]!;
    expect(changes.explanations.map((e) => e.message)).toEqual([`fused kiln.NhwcConv conv, the residual Add add (adding ${z}) and Relu act into kiln.NhwcFusedConv with the residual as input Z (activation Relu)`]);
    const fused = out.graph.nodes.find((n) => n.opType === 'NhwcFusedConv')!;
    expect(fused).toMatchObject({ id: 'conv', domain: 'kiln', overload: 'residual' });
    expect(fused.inputs[3]).toBe(z);
    expect(out.functions.map((f) => `${f.name}:${f.overload ?? ''}`)).toContain('NhwcFusedConv:residual');
    await expectSameOutputs(nhwc, out, {}, { relL2: 1e-5 });
  });

  it('fuses a bias-less Conv, its per-channel Add and a Clip into FusedConv with activation_params', async () => {
    const model = convModel({ op: 'Clip' }, { bias: 'add', clip: [0, 6] });
    const out = await fuses(model, ['com.microsoft.FusedConv']);
    expect(out.graph.nodes[0]!.inputs).toHaveLength(3);
    expect(getAttribute(out.graph.nodes[0]!, 'activation_params')).toMatchObject({ type: 'floats', value: [0, 6] });
    const { changes } = fuseBiasActivation.run(model);
    expect(changes.explanations[0]!.message).toBe('fused Conv conv, its bias Add bias, Clip act into com.microsoft.FusedConv (activation Clip [0, 6])');
  });

  it.each<Act>([
    { op: 'Tanh' },
    { op: 'Sigmoid' },
    { op: 'LeakyRelu', attrs: { alpha: float(0.1) } },
    { op: 'HardSigmoid', attrs: { alpha: float(1 / 6), beta: float(0.5) } },
    { op: 'HardSwish' },
  ])('fuses Conv + $op into a FusedConv onnxruntime runs alike', async (act) => {
    await fuses(convModel(act, { bias: 'conv' }), ['com.microsoft.FusedConv']);
  });

  it('fuses Conv + kiln.HardSwish (opset 11) into FusedConv HardSwish', async () => {
    const paddle = convModel({ op: 'Relu' }, { opset: 11, bias: 'conv' });
    // Rebuild the activation as PaddlePaddle writes HardSwish and let recognize-activations name it.
    const b = new GraphBuilder('g');
    const conv = paddle.graph.nodes[0]!;
    for (const t of paddle.graph.initializers) b.initializer(t);
    b.input('x', 'float32', [1, 3, 6, 6]);
    const c = b.node('Conv', conv.inputs, { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
    const [three, zero, six] = [3, 0, 6].map((v) => b.initializer(new WeightFactory(0).constant(`k${v}`, [], v)));
    const r = b.node('Clip', [b.node('Add', [c, three!]), zero!, six!]);
    b.node('Div', [b.node('Mul', [c, r]), six!], { outputs: ['y'] });
    b.output('y', 'float32');
    const model = recognizeActivations.run(makeModel(b.build(), { opsetImports: [{ domain: '', version: 11 }] })).model;
    expect(opTypes(model)).toEqual(['Conv', 'kiln.HardSwish']);
    await fuses(model, ['com.microsoft.FusedConv']);
  });

  it('fuses Conv + a residual Add + Relu into FusedConv with the residual as input Z', async () => {
    const model = residualModel({ op: 'Relu' });
    const out = await fuses(model, ['com.microsoft.FusedConv']);
    expect(out.graph.nodes[0]!.inputs).toEqual(['x', 'w', 'b', 'r']);
    expect(fuseBiasActivation.run(model).changes.explanations.map((e) => e.message)).toEqual([
      'fused Conv conv, the residual Add sum (adding r) and Relu act into com.microsoft.FusedConv with the residual as input Z (activation Relu)',
    ]);
  });

  it('fuses a residual with LeakyRelu, onnxruntime running it alike', async () => {
    await fuses(residualModel({ op: 'LeakyRelu', attrs: { alpha: float(0.2) } }), ['com.microsoft.FusedConv']);
  });

  it('declines a residual that broadcasts: FusedConv adds Z element by element', () => {
    const { model: out, changes } = fuseBiasActivation.run(residualModel({ op: 'Relu' }, [1, 4, 1, 6]));
    expect(opTypes(out)).toEqual(['Conv', 'Add', 'Relu']);
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(["the residual r [1,4,1,6] is not Conv conv's output shape [1,4,6,6]"]);
  });

  it('declines Conv + QuickGelu: FusedConv cannot run it', () => {
    const model = convModel({ op: 'QuickGelu', domain: 'com.microsoft' }, { bias: 'conv' });
    const { model: out, changes } = fuseBiasActivation.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toEqual([
      { rule: 'fuse-bias-activation/conv-unsupported-contrib', nodeId: 'act', reason: "Conv conv is followed by com.microsoft.QuickGelu, which onnxruntime's FusedConv cannot run (it runs Relu, Tanh, Sigmoid, LeakyRelu, HardSigmoid, HardSwish, Clip)" },
    ]);
  });

  it.each<Act>([
    { op: 'Relu' },
    { op: 'Tanh' },
    { op: 'Sigmoid' },
    { op: 'LeakyRelu', attrs: { alpha: float(0.2) } },
    { op: 'HardSigmoid' },
    { op: 'Elu', attrs: { alpha: float(0.7) } },
    { op: 'Selu' },
    { op: 'Softplus' },
    { op: 'Softsign' },
    { op: 'ThresholdedRelu', attrs: { alpha: float(0.3) } },
  ])('fuses Gemm + $op into a FusedGemm onnxruntime runs alike', async (act) => {
    await fuses(gemmModel(act), ['com.microsoft.FusedGemm']);
  });

  it('declines Gemm + HardSwish: FusedGemm cannot run it', () => {
    const { changes } = fuseBiasActivation.run(gemmModel({ op: 'HardSwish' }));
    expect(changes.nearMisses.map((n) => n.reason)).toEqual([
      "Gemm gemm is followed by HardSwish, which onnxruntime's FusedGemm cannot run (it runs Relu, Tanh, Sigmoid, Softplus, Softsign, LeakyRelu, HardSigmoid, Elu, Selu, ThresholdedRelu)",
    ]);
  });

  it.each<[Act, string]>([
    [{ op: 'Gelu', domain: 'com.microsoft' }, 'com.microsoft.BiasGelu'],
    [{ op: 'Gelu' }, 'com.microsoft.BiasGelu'],
    [{ op: 'Gelu', attrs: { approximate: 'tanh' } }, 'com.microsoft.FastGelu'],
    [{ op: 'FastGelu', domain: 'com.microsoft' }, 'com.microsoft.FastGelu'],
  ])('moves the bias Add into %o as %s', async (gelu, fused) => {
    const out = await fuses(biasGeluModel(gelu), ['MatMul', fused]);
    expect(out.graph.nodes[1]!.inputs).toEqual(['mm_out', 'bias']);
  });

  it('declines a bias that is not a vector over the last axis', () => {
    const { changes } = fuseBiasActivation.run(biasGeluModel({ op: 'Gelu', domain: 'com.microsoft' }, [3, 8]));
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(['bias bias [3,8] is not a vector over the last axis of mm_out [2,3,8]']);
  });

  it.each([
    ['cnn', [fuseConvBn], { 'com.microsoft.FusedConv': 4 }],
    ['mlp', [fuseMatmulAdd], { 'com.microsoft.FusedGemm': 2 }],
    ['transformer', [recognizeActivations], { 'com.microsoft.BiasGelu': 1 }],
    ['paddleocr-cls', [recognizeActivations, fuseConvBn, fuseMatmulAdd], { 'com.microsoft.FusedConv': 42 }],
    ['paddleocr-det', [recognizeActivations, fuseConvBn], { 'com.microsoft.FusedConv': 45 }],
  ] as const)('fuses %s (after the fusions it builds on), equal in onnxruntime', async (id, before, produced) => {
    const { c, model: cleaned } = cleanedBundled(id);
    const model = runPasses(id === 'paddleocr-det' ? withOutputs(cleaned, [DET_LOGITS]) : cleaned, before);
    const { model: out } = fuseBiasActivation.run(model);
    expect(opCounts(out)).toMatchObject(produced);
    await expectSameOutputs(model, out, c, { relL2: 1e-4 });
  });

  it('fuses the Conv + Relu pairs inside silero-vad\'s If branches, equal in onnxruntime', async () => {
    const { c, model } = cleanedBundled('silero-vad');
    const { model: out, changes } = fuseBiasActivation.run(model);
    expect(changes.explanations.map((e) => e.rule)).toEqual(Array(10).fill('fuse-bias-activation/conv-act'));
    await expectSameOutputs(model, out, c, { relL2: 1e-5 });
  });
});
