// Conv against onnxruntime on awkward shapes: odd channel counts and sizes (edge tiles in both
// directions), strides, dilations, asymmetric pads and every auto_pad, groups whose channel
// counts are not multiples of 4, depthwise with a channel multiplier, 1-D and 3-D, weights as
// constants and as graph inputs; each with the software profile (register-blocked variants),
// the GPU profile (tiled), and channels-last (kiln.NhwcConv after the to-nhwc pass).
// Tolerance: relative L2 error <= 1e-5 (float32 sums of at most a few hundred products).
import { describe, it } from 'vitest';
import type { AttrInput } from '../../../ir/builder.ts';
import { oneNodeModel, type OperandSpec } from '../../../node/kernel-check.ts';
import { expectMatchesOrt, type ExpectOptions } from './test-support.ts';

interface ConvCase {
  readonly name: string;
  readonly x: number[];
  readonly w: number[];
  readonly attrs?: Record<string, AttrInput>;
  readonly bias?: boolean;
  /** Expected variant with the software profile. */
  readonly cpu: RegExp;
  /** Expected variant with the GPU profile. */
  readonly gpu: RegExp;
  readonly weightInput?: boolean;
}

const CASES: ConvCase[] = [
  { name: '3×3 pads 1, 3 input channels, bias', x: [1, 3, 7, 7], w: [4, 3, 3, 3], attrs: { pads: [1, 1, 1, 1] }, bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-blocked$/ },
  { name: 'strides, dilations, asymmetric pads, batch 2', x: [2, 5, 9, 6], w: [9, 5, 3, 2], attrs: { strides: [2, 1], dilations: [1, 2], pads: [1, 0, 2, 1] }, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: 'SAME_UPPER, stride 2, even kernel', x: [1, 3, 9, 8], w: [10, 3, 4, 4], attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] }, bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: 'SAME_LOWER, stride 2, even kernel', x: [1, 3, 9, 8], w: [10, 3, 4, 4], attrs: { auto_pad: 'SAME_LOWER', strides: [2, 2] }, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: 'VALID', x: [1, 2, 8, 7], w: [9, 2, 3, 3], attrs: { auto_pad: 'VALID' }, bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: 'group 2 with 5 output channels per group', x: [1, 6, 5, 5], w: [10, 3, 3, 3], attrs: { group: 2, pads: [1, 1, 1, 1] }, bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-blocked$/ },
  { name: 'group 3 with 9 output channels per group', x: [1, 6, 6, 5], w: [27, 2, 3, 3], attrs: { group: 3, pads: [1, 1, 1, 1] }, bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: '1-D, stride 2', x: [2, 3, 17], w: [5, 3, 3], attrs: { strides: [2], pads: [1, 1] }, bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-blocked$/ },
  { name: '3-D', x: [1, 2, 5, 6, 7], w: [9, 2, 3, 2, 3], attrs: { pads: [1, 0, 1, 1, 1, 0] }, bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: '1×1', x: [1, 8, 4, 4], w: [12, 8, 1, 1], bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: '1×1, odd sizes', x: [1, 5, 3, 3], w: [3, 5, 1, 1], cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-blocked$/ },
  { name: '1×1, 7×7 plane, batch 2', x: [2, 16, 7, 7], w: [17, 16, 1, 1], bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: '1×1 on a 1×1 plane (squeeze-excite)', x: [1, 96, 1, 1], w: [24, 96, 1, 1], bias: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-blocked$/ },
  { name: '1×1 grouped', x: [1, 8, 4, 4], w: [8, 2, 1, 1], attrs: { group: 4 }, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-blocked$/ },
  { name: '1×1 stride 2', x: [1, 8, 7, 7], w: [8, 8, 1, 1], attrs: { strides: [2, 2] }, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
  { name: 'depthwise 3×3', x: [1, 8, 9, 9], w: [8, 1, 3, 3], attrs: { group: 8, pads: [1, 1, 1, 1] }, bias: true, cpu: /^conv-nchw-depthwise-row$/, gpu: /^conv-nchw-depthwise-row$/ },
  { name: 'depthwise 5×5 stride 2, 7 channels', x: [2, 7, 11, 10], w: [7, 1, 5, 5], attrs: { group: 7, pads: [2, 2, 2, 2], strides: [2, 2] }, cpu: /^conv-nchw-depthwise-row$/, gpu: /^conv-nchw-depthwise-row$/ },
  { name: 'depthwise, multiplier 2', x: [1, 3, 7, 7], w: [6, 1, 3, 3], attrs: { group: 3, strides: [2, 1], pads: [1, 1, 1, 1] }, bias: true, cpu: /^conv-nchw-depthwise-row$/, gpu: /^conv-nchw-depthwise-row$/ },
  { name: 'depthwise 1-D', x: [2, 6, 19], w: [6, 1, 5], attrs: { group: 6, pads: [2, 2] }, bias: true, cpu: /^conv-nchw-depthwise-row$/, gpu: /^conv-nchw-depthwise-row$/ },
  { name: 'depthwise 3-D', x: [1, 4, 4, 5, 6], w: [4, 1, 3, 3, 3], attrs: { group: 4, pads: [1, 1, 1, 1, 1, 1] }, cpu: /^conv-nchw-depthwise-row$/, gpu: /^conv-nchw-depthwise-row$/ },
  { name: 'depthwise, row segment too long for registers', x: [1, 4, 9, 30], w: [4, 1, 3, 7], attrs: { group: 4, dilations: [1, 6], pads: [1, 18, 1, 18] }, bias: true, cpu: /^conv-nchw-depthwise$/, gpu: /^conv-nchw-depthwise$/ },
  { name: 'weight as a graph input', x: [1, 4, 6, 6], w: [8, 4, 3, 3], attrs: { pads: [0, 1, 1, 0] }, bias: true, weightInput: true, cpu: /^conv-nchw-blocked$/, gpu: /^conv-nchw-tiled$/ },
];

function convModel(c: ConvCase, seed = 7) {
  const operands: OperandSpec[] = [{ dims: c.x }, { dims: c.w, constant: !c.weightInput }];
  if (c.bias) operands.push({ dims: [c.w[0]!], constant: true });
  return oneNodeModel('Conv', operands, c.attrs ?? {}, seed);
}

async function check(c: ConvCase, options: ExpectOptions): Promise<void> {
  const { model, inputs } = convModel(c);
  await expectMatchesOrt(model, inputs, options);
}

describe('Conv matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each(CASES)('software profile: $name', (c) => check(c, { variant: c.cpu }));
  it.each(CASES)('GPU profile: $name', (c) => check(c, { variant: c.gpu, adapter: { kind: 'gpu' } }));
});

describe('kiln.NhwcConv (after to-nhwc) matches onnxruntime (rel L2 <= 1e-5)', () => {
  const nhwc: [string, number[], number[], Record<string, AttrInput>, RegExp][] = [
    ['channels multiples of 4', [1, 8, 6, 6], [12, 8, 3, 3], { pads: [1, 1, 1, 1] }, /^conv-nhwc-blocked$/],
    ['3 input channels', [1, 3, 7, 7], [4, 3, 3, 3], { pads: [1, 1, 1, 1], strides: [2, 2] }, /^conv-nhwc-blocked$/],
    ['odd channels, dilations', [2, 5, 7, 9], [7, 5, 3, 3], { dilations: [2, 1], pads: [2, 1, 1, 0] }, /^conv-nhwc-blocked$/],
    ['group 2, 4 channels per group', [1, 8, 5, 5], [8, 4, 3, 3], { group: 2, pads: [1, 1, 1, 1] }, /^conv-nhwc-blocked$/],
    ['group 2, 3 channels per group', [1, 6, 5, 5], [6, 3, 3, 3], { group: 2 }, /^conv-nhwc-blocked$/],
    ['1×1', [1, 12, 5, 3], [16, 12, 1, 1], {}, /^conv-nhwc-blocked$/],
    ['depthwise, 8 channels', [1, 8, 7, 7], [8, 1, 3, 3], { group: 8, pads: [1, 1, 1, 1] }, /^conv-nhwc-depthwise-row$/],
    ['depthwise, 6 channels, stride 2', [1, 6, 9, 9], [6, 1, 5, 5], { group: 6, pads: [2, 2, 2, 2], strides: [2, 2] }, /^conv-nhwc-depthwise-row$/],
    ['depthwise, multiplier 2', [1, 4, 6, 6], [8, 1, 3, 3], { group: 4, pads: [1, 1, 1, 1] }, /^conv-nhwc-depthwise-row$/],
  ];
  it.each(nhwc)('software profile: %s', (_, x, w, attrs, variant) => check({ name: '', x, w, attrs, bias: true, cpu: variant, gpu: variant }, { nhwc: true, variant }));
  // The tiled variant takes 8 or more output channels per group.
  const gpu: [string, number[], number[], Record<string, AttrInput>][] = [
    ['channels multiples of 4', [1, 8, 6, 6], [12, 8, 3, 3], { pads: [1, 1, 1, 1] }],
    ['3 input channels, stride 2', [1, 3, 7, 7], [9, 3, 3, 3], { pads: [1, 1, 1, 1], strides: [2, 2] }],
    ['group 2, odd channels, dilations', [2, 6, 7, 9], [18, 3, 3, 3], { group: 2, dilations: [2, 1], pads: [2, 1, 1, 0] }],
  ];
  it.each(gpu)('GPU profile: %s', (_, x, w, attrs) => check({ name: '', x, w, attrs, bias: true, cpu: /./, gpu: /./ }, { nhwc: true, variant: /^conv-nhwc-tiled$/, adapter: { kind: 'gpu' } }));
});
