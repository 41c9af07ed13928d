// com.microsoft.FusedConv against onnxruntime's CPU kernel: every activation it runs (with its
// activation_params), the residual input Z (added before the activation, the output written over
// it in place), on each conv variant; and kiln.NhwcFusedConv, what ort-layout's passes make of
// Conv + activation (onnxruntime runs it through its model-local function).
// Tolerance: relative L2 error <= 1e-5 (float32; exp/tanh differ from onnxruntime's by a few ulps).
import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel, type AttrInput } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import { WeightFactory } from '../../../models/weights.ts';
import { oneNodeModel, type OperandSpec } from '../../../node/kernel-check.ts';
import { fuseBiasActivation } from '../../../passes/fusion/fuse-bias-activation.ts';
import { sinkTransposes } from '../../../passes/layout/sink-transposes.ts';
import { toNhwc } from '../../../passes/layout/to-nhwc.ts';
import { expectMatchesOrt, recastNode } from './test-support.ts';

const ACTIVATIONS: [string, number[]][] = [
  ['Relu', []],
  ['Tanh', []],
  ['Sigmoid', []],
  ['HardSwish', []],
  ['LeakyRelu', [0.1]],
  ['Clip', [-0.5, 0.7]],
  ['HardSigmoid', [0.3, 0.4]],
];

async function checkFused(x: number[], w: number[], attrs: Record<string, AttrInput>, activation: string, params: number[], variant: RegExp, options: { z?: boolean; gpu?: boolean } = {}): Promise<void> {
  const operands: (OperandSpec | '')[] = [{ dims: x }, { dims: w, constant: true }, { dims: [w[0]!], constant: true }];
  if (options.z) {
    const y = await outputDims(x, w, attrs);
    operands.push({ dims: y });
  }
  // Range [-2, 2]: the activations' bends and saturations are all crossed.
  const { model, inputs } = oneNodeModel('Conv', operands, attrs, 5, [-2, 2]);
  const fusedAttrs: Record<string, AttrInput> = { activation };
  if (params.length) fusedAttrs['activation_params'] = { floats: params };
  const fused = recastNode(model, 'FusedConv', 'com.microsoft', fusedAttrs);
  // Z is a graph input only this kernel reads: the output overwrites it in place.
  await expectMatchesOrt(fused, inputs, { variant, inPlace: !!options.z, ...(options.gpu ? { adapter: { kind: 'gpu' as const } } : {}) });
}

/** Output dims of the test convs (pads keep the size, strides divide it). */
async function outputDims(x: number[], w: number[], attrs: Record<string, AttrInput>): Promise<number[]> {
  const s = (attrs['strides'] as number[] | undefined) ?? [1, 1];
  return [x[0]!, w[0]!, Math.ceil(x[2]! / s[0]!), Math.ceil(x[3]! / s[1]!)];
}

describe('FusedConv matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each(ACTIVATIONS)('%s on the direct kernel', (act, params) => checkFused([1, 5, 6, 7], [6, 5, 3, 3], { pads: [1, 1, 1, 1] }, act, params, new RegExp(`^conv-nchw-blocked-${act.toLowerCase()}$`)));

  it.each(ACTIVATIONS)('%s on the tiled kernel', (act, params) => checkFused([1, 5, 6, 7], [9, 5, 3, 3], { pads: [1, 1, 1, 1] }, act, params, /^conv-nchw-tiled-/, { gpu: true }));

  it('Clip on a depthwise conv (MobileNet style)', () => checkFused([1, 8, 9, 9], [8, 1, 3, 3], { group: 8, pads: [1, 1, 1, 1], strides: [2, 2] }, 'Clip', [0, 6], /^conv-nchw-depthwise-row-clip$/));

  it('HardSwish on a 1×1 conv', () => checkFused([1, 8, 4, 4], [12, 8, 1, 1], {}, 'HardSwish', [], /^conv-nchw-blocked-hardswish$/));

  it('an unbounded Clip side (activation_params at ±FLT_MAX)', () => checkFused([1, 4, 5, 5], [4, 4, 3, 3], { pads: [1, 1, 1, 1] }, 'Clip', [0, 3.4028234663852886e38], /-clip$/));

  describe('with a residual Z', () => {
    it('Relu after the sum, direct kernel', () => checkFused([1, 4, 5, 5], [8, 4, 3, 3], { pads: [1, 1, 1, 1] }, 'Relu', [], /^conv-nchw-blocked-relu$/, { z: true }));
    it('pointwise vec4 kernel', () => checkFused([1, 8, 4, 4], [12, 8, 1, 1], {}, 'Sigmoid', [], /^conv-nchw-blocked-sigmoid$/, { z: true }));
    it('depthwise kernel', () => checkFused([1, 6, 5, 5], [6, 1, 3, 3], { group: 6, pads: [1, 1, 1, 1] }, 'Relu', [], /^conv-nchw-depthwise-row-relu$/, { z: true }));
    it('tiled kernel', () => checkFused([1, 4, 9, 9], [10, 4, 3, 3], { pads: [1, 1, 1, 1] }, 'LeakyRelu', [0.2], /^conv-nchw-tiled-leakyrelu$/, { z: true, gpu: true }));
  });
});

describe('kiln.NhwcFusedConv (ort-layout: to-nhwc, sink-transposes, fuse-bias-activation) matches onnxruntime (rel L2 <= 1e-5)', () => {
  /** Conv + activation + MaxPool, as ort-layout's passes leave it: the Transposes sunk, the activation fused. */
  function nhwcFused(x: number[], w: number[], attrs: Record<string, AttrInput>, activation: string, actAttrs: Record<string, AttrInput> = {}) {
    const weights = new WeightFactory(9);
    const b = new GraphBuilder('g');
    const input = b.input('x', 'float32', x);
    const conv = b.node('Conv', [input, b.initializer(weights.he('w', w, w.slice(1).reduce((p, d) => p * d, 1))), b.initializer(weights.uniform('b', [w[0]!], -0.5, 0.5))], { name: 'conv', attrs });
    // A MaxPool after it keeps the activation inside the NHWC region (its Transposes cancel).
    b.node('MaxPool', [b.node(activation, [conv], { name: 'act', attrs: actAttrs })], { name: 'pool', attrs: { kernel_shape: [2, 2] }, outputs: ['y'] });
    b.output('y', 'float32');
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] });
    const passes = [toNhwc, sinkTransposes, fuseBiasActivation];
    const out = passes.reduce((m, p) => p.run(m).model, model);
    const size = x.reduce((p, d) => p * d, 1);
    return { model: out, inputs: [tensorFromNumbers('x', 'float32', x, Array.from({ length: size }, (_, i) => 2 * Math.sin(1.3 * i + 0.2)))] };
  }

  it.each<[string, Record<string, AttrInput>, RegExp]>([
    ['Relu', {}, /^conv-nhwc-blocked-relu$/],
    ['LeakyRelu', { alpha: float(0.1) }, /^conv-nhwc-blocked-leakyrelu$/],
    ['HardSigmoid', { alpha: float(0.3), beta: float(0.4) }, /^conv-nhwc-blocked-hardsigmoid$/],
  ])('%s after a 3×3 conv', async (activation, actAttrs, variant) => {
    const { model, inputs } = nhwcFused([1, 5, 6, 7], [8, 5, 3, 3], { pads: [1, 1, 1, 1] }, activation, actAttrs);
    expect(model.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType))).toEqual(['Transpose', 'kiln.NhwcFusedConv', 'kiln.NhwcMaxPool', 'Transpose']);
    await expectMatchesOrt(model, inputs, { variant });
  });

  it('Relu after a depthwise conv', async () => {
    const { model, inputs } = nhwcFused([1, 8, 9, 9], [8, 1, 3, 3], { group: 8, pads: [1, 1, 1, 1] }, 'Relu');
    await expectMatchesOrt(model, inputs, { variant: /^conv-nhwc-depthwise-row-relu$/ });
  });
});

describe('kiln.NhwcFusedConv:residual (a residual Add fused into an NHWC conv) matches onnxruntime (rel L2 <= 1e-5)', () => {
  /** x → conv1 → Relu (r); conv3(Relu(conv2(r))) + r → Relu → MaxPool: a ResNet block after ort-layout's passes. */
  function residualBlock(channels: number, group: number) {
    const weights = new WeightFactory(31);
    const b = new GraphBuilder('g');
    const conv = (name: string, input: string) =>
      b.node('Conv', [input, b.initializer(weights.he(`${name}.w`, [channels, channels / group, 3, 3], (9 * channels) / group)), b.initializer(weights.uniform(`${name}.b`, [channels], -0.5, 0.5))], { name, attrs: { pads: [1, 1, 1, 1], group } });
    const r = b.node('Relu', [conv('conv1', b.input('x', 'float32', [1, channels, 7, 6]))], { name: 'relu1' });
    const mid = b.node('Relu', [conv('conv2', r)], { name: 'relu_mid' });
    const sum = b.node('Add', [conv('conv3', mid), r], { name: 'add' });
    b.node('MaxPool', [b.node('Relu', [sum], { name: 'relu2' })], { name: 'pool', attrs: { kernel_shape: [2, 2] }, outputs: ['y'] });
    b.output('y', 'float32');
    const model = [toNhwc, sinkTransposes, fuseBiasActivation].reduce((m, p) => p.run(m).model, makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] }));
    const residual = model.graph.nodes.find((n) => n.overload === 'residual');
    expect(residual?.inputs).toHaveLength(4);
    const inputs = [tensorFromNumbers('x', 'float32', [1, channels, 7, 6], Array.from({ length: channels * 42 }, (_, i) => 2 * Math.sin(0.7 * i + 0.1)))];
    return { model, inputs };
  }

  it('blocked kernel, in place over Z', async () => {
    const { model, inputs } = residualBlock(8, 1);
    await expectMatchesOrt(model, inputs, { variant: /^conv-nhwc-blocked-relu$/, inPlace: true });
  });

  it('depthwise kernel', async () => {
    const { model, inputs } = residualBlock(8, 8);
    await expectMatchesOrt(model, inputs, { variant: /^conv-nhwc-depthwise-row-relu$/ });
  });

  it('tiled kernel (GPU profile)', async () => {
    const { model, inputs } = residualBlock(8, 1);
    await expectMatchesOrt(model, inputs, { variant: /^conv-nhwc-tiled-relu$/, adapter: { kind: 'gpu' } });
  });
});
