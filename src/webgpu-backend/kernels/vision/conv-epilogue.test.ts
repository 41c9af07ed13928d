// kiln.FusedConvEpilogue against onnxruntime, which runs the node's model-local function (the Conv,
// then the expression's ops): graphs of plain ops fused by fuse-elementwise and fuse-epilogue, so
// the nodes are the ones the passes really write. Every conv variant stores through the
// expression: blocked (software profile), depthwise-row, depthwise (row segment too long),
// tiled (GPU profile); and every way an epilogue input is read: full size (in place), per channel
// (a block), a general broadcast, a scalar, an inlined constant vector, a bool mask.
// Tolerance: relative L2 error <= 1e-5 (float32: sums of a few hundred products, exp/tanh a few
// ulps from onnxruntime's); 1e-3 for float16 storage (f32 arithmetic here, float16 in onnxruntime).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel, type AttrInput } from '../../../ir/builder.ts';
import type { DType } from '../../../ir/dtype.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Model, Tensor } from '../../../ir/types.ts';
import { WeightFactory } from '../../../models/weights.ts';
import { fuseElementwise } from '../../../passes/fusion/fuse-elementwise.ts';
import { fuseEpilogue } from '../../../passes/fusion/fuse-epilogue.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { expectMatchesOrt } from './test-support.ts';

interface ConvSpec {
  readonly x: number[];
  readonly w: number[];
  readonly attrs?: Record<string, AttrInput>;
  readonly bias?: boolean;
  readonly dtype?: DType;
}

/** A Conv of `c` (or com.microsoft.FusedConv with `fusedAttrs`), then `epilogue` on its output ('y'); both passes must leave a kiln.FusedConvEpilogue. */
function fused(c: ConvSpec, epilogue: (b: GraphBuilder, conv: string, x: string) => void, fusedAttrs?: Record<string, AttrInput>, z?: number[]): Model {
  const dtype = c.dtype ?? 'float32';
  const weights = new WeightFactory(11);
  const b = new GraphBuilder('conv-epilogue');
  const x = b.input('x', dtype, c.x);
  const cast = (t: Tensor) => (dtype === 'float32' ? t : tensorFromNumbers(t.name, dtype, t.dims, tensorToNumbers(t)));
  const w = b.initializer(cast(weights.he('w', c.w, c.w.slice(1).reduce((p, d) => p * d, 1))));
  const inputs = c.bias === false ? [x, w] : [x, w, b.initializer(cast(weights.uniform('b', [c.w[0]!], -0.5, 0.5)))];
  const conv = fusedAttrs
    ? b.node('FusedConv', [...inputs, ...(z ? [b.input('z', dtype, z)] : [])], { name: 'conv', domain: 'com.microsoft', attrs: { ...(c.attrs ?? {}), ...fusedAttrs } })
    : b.node('Conv', inputs, { name: 'conv', attrs: c.attrs ?? {} });
  epilogue(b, conv, x);
  b.output('y', dtype);
  const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, ...(fusedAttrs ? [{ domain: 'com.microsoft', version: 1 }] : [])] });
  const out = fuseEpilogue.run(fuseElementwise.run(model).model).model;
  expect(out.graph.nodes.map((n) => `${n.domain}.${n.opType}`)).toContain('kiln.FusedConvEpilogue');
  return out;
}

async function check(model: Model, variant: RegExp, options: { gpu?: boolean; inPlace?: boolean; tolerance?: number } = {}): Promise<void> {
  await expectMatchesOrt(model, randomInputs(model.graph, { seed: 5 }), {
    variant,
    ...(options.gpu ? { adapter: { kind: 'gpu' as const } } : {}),
    ...(options.inPlace !== undefined ? { inPlace: options.inPlace } : {}),
    ...(options.tolerance ? { tolerance: options.tolerance } : {}),
  });
}

/** relu(conv + skip): the residual is full size, a graph input only this kernel reads, so the output overwrites it. */
const residualRelu = (dims: number[], dtype: DType = 'float32') => (b: GraphBuilder, conv: string) => {
  b.node('Relu', [b.node('Add', [conv, b.input('skip', dtype, dims)])], { outputs: ['y'] });
};

/** sigmoid(conv · scale + shift) with per-channel scale and shift (blocks) as graph inputs. */
const scaleShift = (channels: number) => (b: GraphBuilder, conv: string) => {
  const scaled = b.node('Mul', [conv, b.input('scale', 'float32', [1, channels, 1, 1])]);
  b.node('Sigmoid', [b.node('Add', [scaled, b.input('shift', 'float32', [channels, 1, 1])])], { outputs: ['y'] });
};

/** PaddleOCR's hard swish: x · clip(x + 3, 0, 6) / 6 (scalars inlined). */
const hardSwish = (b: GraphBuilder, conv: string) => {
  const k = (name: string, v: number) => b.initializer(tensorFromNumbers(name, 'float32', [], [v]));
  const clipped = b.node('Clip', [b.node('Add', [conv, k('three', 3)]), k('zero', 0), k('six', 6)]);
  b.node('Div', [b.node('Mul', [conv, clipped]), k('six2', 6)], { outputs: ['y'] });
};

const DENSE: ConvSpec = { x: [1, 5, 6, 7], w: [6, 5, 3, 3], attrs: { pads: [1, 1, 1, 1] } };
const TILED: ConvSpec = { x: [2, 4, 7, 9], w: [10, 4, 3, 3], attrs: { pads: [1, 1, 1, 1] } };
const DEPTHWISE: ConvSpec = { x: [1, 8, 9, 9], w: [8, 1, 3, 3], attrs: { group: 8, pads: [1, 1, 1, 1], strides: [2, 2] } };
const DEPTHWISE_LONG: ConvSpec = { x: [1, 4, 9, 30], w: [4, 1, 3, 7], attrs: { group: 4, dilations: [1, 6], pads: [1, 18, 1, 18] } };

describe('kiln.FusedConvEpilogue matches onnxruntime on every conv variant (rel L2 <= 1e-5)', () => {
  it('blocked: a residual Add and Relu, written in place of the residual', () => check(fused(DENSE, residualRelu([1, 6, 6, 7])), /^conv-nchw-blocked-epilogue$/, { inPlace: true }));

  it('blocked: per-channel scale and shift (blocks), no bias', () => check(fused({ ...DENSE, bias: false }, scaleShift(6)), /^conv-nchw-blocked-epilogue$/, { inPlace: false }));

  it('blocked: a hard swish with inlined scalars, 1×1 conv, batch 2', () => check(fused({ x: [2, 8, 4, 5], w: [12, 8, 1, 1] }, hardSwish), /^conv-nchw-blocked-epilogue$/));

  it('depthwise-row: hard swish', () => check(fused(DEPTHWISE, hardSwish), /^conv-nchw-depthwise-row-epilogue$/));

  it('depthwise-row: a residual Add and Relu in place', () => check(fused({ ...DEPTHWISE, attrs: { group: 8, pads: [1, 1, 1, 1] } }, residualRelu([1, 8, 9, 9])), /^conv-nchw-depthwise-row-epilogue$/, { inPlace: true }));

  it('depthwise (flattened pixels): per-channel scale and shift', () => check(fused(DEPTHWISE_LONG, scaleShift(4)), /^conv-nchw-depthwise-epilogue$/));

  it('tiled (GPU profile): a residual Add and Relu in place', () => check(fused(TILED, residualRelu([2, 10, 7, 9])), /^conv-nchw-tiled-epilogue$/, { gpu: true, inPlace: true }));

  it('tiled (GPU profile): per-channel scale and shift', () => check(fused(TILED, scaleShift(10)), /^conv-nchw-tiled-epilogue$/, { gpu: true }));

  it('a general broadcast ([1, C, 1, W]) and a scalar input', () =>
    check(
      fused(DENSE, (b, conv) => {
        const m = b.node('Mul', [conv, b.input('rowscale', 'float32', [1, 6, 1, 7])]);
        b.node('Tanh', [b.node('Sub', [m, b.input('t', 'float32', [])])], { outputs: ['y'] });
      }),
      /^conv-nchw-blocked-epilogue$/,
    ));

  it('an inlined constant vector (a per-channel constant of 6 elements)', () =>
    check(
      fused(DENSE, (b, conv) => {
        b.node('Mul', [conv, b.initializer(tensorFromNumbers('k', 'float32', [6, 1, 1], [1, -2, 0.5, 3, 0.25, -1]))], { outputs: ['y'] });
      }),
      /^conv-nchw-blocked-epilogue$/,
    ));

  it('a bool mask broadcast over channels (Where)', () =>
    check(
      fused(DENSE, (b, conv) => {
        const mask = b.node('Greater', [b.input('m', 'float32', [1, 1, 6, 7]), b.initializer(tensorFromNumbers('half', 'float32', [], [0.5]))]);
        b.node('Where', [mask, conv, b.initializer(tensorFromNumbers('neg', 'float32', [], [-1]))], { outputs: ['y'] });
      }),
      /^conv-nchw-blocked-epilogue$/,
    ));

  it('an epilogue that reads the conv input X again (bound once)', () =>
    check(
      fused({ x: [1, 6, 5, 5], w: [6, 6, 3, 3], attrs: { pads: [1, 1, 1, 1] } }, (b, conv, x) => {
        b.node('Add', [b.node('Mul', [conv, b.initializer(tensorFromNumbers('g', 'float32', [], [0.5]))]), x], { outputs: ['y'] });
      }),
      /^conv-nchw-blocked-epilogue$/,
    ));

  it('a 1-D conv, stride 2', () => check(fused({ x: [2, 3, 17], w: [5, 3, 3], attrs: { strides: [2], pads: [1, 1] } }, residualRelu([2, 5, 9])), /^conv-nchw-blocked-epilogue$/));

  it.each<[string, number[], RegExp, boolean]>([
    ['LeakyRelu', [0.1], /^conv-nchw-blocked-epilogue$/, false],
    ['Clip', [-0.5, 0.7], /^conv-nchw-tiled-epilogue$/, true],
    ['HardSwish', [], /^conv-nchw-blocked-epilogue$/, false],
  ])("a FusedConv's residual Z and %s %j, then a per-channel scale", (activation, params, variant, gpu) => {
    const attrs = { activation, ...(params.length ? { activation_params: { floats: params } } : {}) };
    const spec = gpu ? TILED : DENSE;
    const out = [spec.x[0]!, spec.w[0]!, spec.x[2]!, spec.x[3]!];
    const model = fused(spec, (b, conv) => void b.node('Mul', [conv, b.input('s', 'float32', [1, spec.w[0]!, 1, 1])], { outputs: ['y'] }), attrs, out);
    expect(model.graph.nodes.map((n) => n.opType)).toEqual(['FusedConvEpilogue']);
    return check(model, variant, { gpu, inPlace: true });
  });

  it('float16 storage (rel L2 <= 1e-3)', () => check(fused({ ...DENSE, dtype: 'float16' }, residualRelu([1, 6, 6, 7], 'float16')), /^conv-nchw-blocked-epilogue$/, { tolerance: 1e-3 }));
});
