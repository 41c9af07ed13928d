// kiln.NhwcFusedConvEpilogue against onnxruntime, which runs the node's model-local function
// (kiln.NhwcConv's Transposes around a Conv, then the expression). The graphs are NCHW Conv →
// elementwise tail → MaxPool put through tvm-nhwc's passes (to-nhwc, sink-transposes,
// fuse-bias-activation, fuse-elementwise, fuse-epilogue): the pool makes the layout Transposes
// sink through the tail, so the epilogue's inputs are NHWC as in a real model (a per-channel
// constant [1,1,1,C], a residual [N,H,W,C]). Every conv variant must pass the epilogue the NHWC
// index it stores at: blocked (software profile), depthwise-row, depthwise (row segment too
// long), tiled (GPU profile); and each way an input is read: full size (in place), per channel,
// a general broadcast, a scalar; with kiln.NhwcConv and kiln.NhwcFusedConv (activation, residual).
// Tolerance: relative L2 error <= 1e-5 (float32).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel, type AttrInput } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Model } from '../../../ir/types.ts';
import { WeightFactory } from '../../../models/weights.ts';
import { fuseBiasActivation } from '../../../passes/fusion/fuse-bias-activation.ts';
import { fuseElementwise } from '../../../passes/fusion/fuse-elementwise.ts';
import { fuseEpilogue } from '../../../passes/fusion/fuse-epilogue.ts';
import { sinkTransposes } from '../../../passes/layout/sink-transposes.ts';
import { toNhwc } from '../../../passes/layout/to-nhwc.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { expectMatchesOrt } from './test-support.ts';

interface ConvSpec {
  readonly x: number[];
  readonly w: number[];
  readonly attrs?: Record<string, AttrInput>;
}

/** The elementwise ops after the conv (NCHW, as written); returns the value the pool reads. */
type Tail = (b: GraphBuilder, conv: string, out: number[]) => string;

/** NCHW output dims of a conv with pads summing to kernel - 1 per axis, strides `s`. */
const outDims = (c: ConvSpec) => {
  const s = (c.attrs?.['strides'] as number[] | undefined) ?? [1, 1];
  return [c.x[0]!, c.w[0]!, ...c.x.slice(2).map((d, i) => Math.ceil(d / s[i]!))];
};

/** Conv → `tail` → 2×2 MaxPool → y through tvm-nhwc's passes; exactly one kiln.NhwcFusedConvEpilogue must come out. */
function nhwcFused(c: ConvSpec, tail: Tail): Model {
  const weights = new WeightFactory(17);
  const b = new GraphBuilder('nhwc-conv-epilogue');
  const w = b.initializer(weights.he('w', c.w, c.w.slice(1).reduce((p, d) => p * d, 1)));
  const conv = b.node('Conv', [b.input('x', 'float32', c.x), w, b.initializer(weights.uniform('b', [c.w[0]!], -0.5, 0.5))], { name: 'conv', attrs: c.attrs ?? {} });
  b.node('MaxPool', [tail(b, conv, outDims(c))], { outputs: ['y'], attrs: { kernel_shape: [2, 2] } });
  b.output('y', 'float32');
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] });
  const out = [toNhwc, sinkTransposes, fuseBiasActivation, fuseElementwise, fuseEpilogue].reduce((m, p) => p.run(m).model, model);
  expect(out.graph.nodes.filter((n) => n.opType === 'NhwcFusedConvEpilogue').map((n) => n.id)).toEqual(['conv']);
  return out;
}

function check(model: Model, variant: RegExp, options: { gpu?: boolean; inPlace?: boolean } = {}): Promise<void> {
  return expectMatchesOrt(model, randomInputs(model.graph, { seed: 9 }), {
    variant,
    ...(options.gpu ? { adapter: { kind: 'gpu' as const } } : {}),
    ...(options.inPlace !== undefined ? { inPlace: options.inPlace } : {}),
  });
}

/** sigmoid(conv · scale + shift): per-channel constants, [1,1,1,C] once sink-transposes has moved them to NHWC. */
const scaleShift: Tail = (b, conv, out) => {
  const k = (name: string, lo: number, hi: number) => b.initializer(new WeightFactory(3).uniform(name, [1, out[1]!, 1, 1], lo, hi));
  return b.node('Sigmoid', [b.node('Add', [b.node('Mul', [conv, k('scale', 0.5, 1.5)]), k('shift', -0.5, 0.5)])]);
};

/** conv · gamma with gamma a graph input [1,C,1,1] (it reaches the kernel through a layout Transpose), then Tanh. */
const gammaInput: Tail = (b, conv, out) => b.node('Tanh', [b.node('Mul', [conv, b.input('gamma', 'float32', [1, out[1]!, 1, 1])])]);

/** relu(conv + skip) · scale: fuse-bias-activation makes kiln.NhwcFusedConv:residual, whose Z (NHWC skip) the output may overwrite. */
const residualScale: Tail = (b, conv, out) => {
  const relu = b.node('Relu', [b.node('Add', [conv, b.input('skip', 'float32', out)])]);
  return b.node('Mul', [relu, b.initializer(new WeightFactory(4).uniform('scale', [1, out[1]!, 1, 1], -1, 1))]);
};

/** PaddleOCR's hard swish: x · clip(x + 3, 0, 6) / 6 (scalars inlined). */
const hardSwish: Tail = (b, conv) => {
  const k = (name: string, v: number) => b.initializer(tensorFromNumbers(name, 'float32', [], [v]));
  return b.node('Div', [b.node('Mul', [conv, b.node('Clip', [b.node('Add', [conv, k('three', 3)]), k('zero', 0), k('six', 6)])]), k('six2', 6)]);
};

/** A [1,C,H,1] scale ([1,H,1,C] in NHWC: a general broadcast, coordinates walked) minus a scalar graph input. */
const rowScale: Tail = (b, conv, out) => b.node('Sub', [b.node('Mul', [conv, b.input('rows', 'float32', [1, out[1]!, out[2]!, 1])]), b.input('t', 'float32', [])]);

/** LeakyRelu (kiln.NhwcFusedConv's activation), then a per-channel scale. */
const leakyScale: Tail = (b, conv, out) => {
  const leaky = b.node('LeakyRelu', [conv], { attrs: { alpha: 0.1 } });
  return b.node('Mul', [leaky, b.initializer(new WeightFactory(5).uniform('scale', [1, out[1]!, 1, 1], -1, 1))]);
};

const DENSE: ConvSpec = { x: [1, 5, 6, 7], w: [6, 5, 3, 3], attrs: { pads: [1, 1, 1, 1] } };
const TILED: ConvSpec = { x: [2, 4, 7, 9], w: [10, 4, 3, 3], attrs: { pads: [1, 1, 1, 1] } };
const DEPTHWISE: ConvSpec = { x: [1, 8, 9, 9], w: [8, 1, 3, 3], attrs: { group: 8, pads: [1, 1, 1, 1], strides: [2, 2] } };
const DEPTHWISE_LONG: ConvSpec = { x: [1, 4, 9, 30], w: [4, 1, 3, 7], attrs: { group: 4, dilations: [1, 6], pads: [1, 18, 1, 18] } };

describe('kiln.NhwcFusedConvEpilogue matches onnxruntime on every conv variant (rel L2 <= 1e-5)', () => {
  it('blocked: per-channel scale, shift and Sigmoid', () => check(nhwcFused(DENSE, scaleShift), /^conv-nhwc-blocked-epilogue$/));

  it('blocked: kiln.NhwcFusedConv:residual and a scale, written in place of the NHWC skip', () => {
    const model = nhwcFused(DENSE, residualScale);
    expect(model.graph.nodes.find((n) => n.id === 'conv')!.attributes.find((a) => a.name === 'expression')!.value).toMatch(/^mul\(relu\(add\(x0, x1\)\), /);
    return check(model, /^conv-nhwc-blocked-epilogue$/, { inPlace: true });
  });

  it('blocked: a general broadcast ([1,H,1,C]) and a scalar input, 1×1 conv, batch 2', () => check(nhwcFused({ x: [2, 8, 4, 5], w: [12, 8, 1, 1] }, rowScale), /^conv-nhwc-blocked-epilogue$/));

  it('depthwise-row: hard swish', () => check(nhwcFused(DEPTHWISE, hardSwish), /^conv-nhwc-depthwise-row-epilogue$/));

  it('depthwise-row: a per-channel graph input', () => check(nhwcFused({ ...DEPTHWISE, attrs: { group: 8, pads: [1, 1, 1, 1] } }, gammaInput), /^conv-nhwc-depthwise-row-epilogue$/));

  it('depthwise (flattened pixels): per-channel scale, shift and Sigmoid', () => check(nhwcFused(DEPTHWISE_LONG, scaleShift), /^conv-nhwc-depthwise-epilogue$/));

  it('tiled (GPU profile): kiln.NhwcFusedConv:residual and a scale, in place', () => check(nhwcFused(TILED, residualScale), /^conv-nhwc-tiled-epilogue$/, { gpu: true, inPlace: true }));

  it("tiled (GPU profile): kiln.NhwcFusedConv's LeakyRelu and a scale", () => check(nhwcFused(TILED, leakyScale), /^conv-nhwc-tiled-epilogue$/, { gpu: true }));

  it('tiled (GPU profile): a general broadcast and a scalar input', () => check(nhwcFused(TILED, rowScale), /^conv-nhwc-tiled-epilogue$/, { gpu: true }));
});
