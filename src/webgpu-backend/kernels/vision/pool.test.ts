// MaxPool, AveragePool and LpPool against onnxruntime: strides, dilations, asymmetric pads,
// auto_pad, ceil_mode (partial last windows), count_include_pad, 1-D/2-D/3-D, odd sizes, the
// Indices output in both storage orders, and the kiln.Nhwc* forms after the to-nhwc pass.
// Tolerance: relative L2 error <= 1e-5 (float32); Indices exact.
import { describe, expect, it } from 'vitest';
import type { AttrInput } from '../../../ir/builder.ts';
import { oneNodeModel } from '../../../node/kernel-check.ts';
import { checkOnGpu } from '../../../node/kernel-check.ts';
import { expectMatchesOrt } from './test-support.ts';

type Case = [string, number[], Record<string, AttrInput>];

const WINDOWS: Case[] = [
  ['2×2 stride 2', [1, 3, 8, 8], { kernel_shape: [2, 2], strides: [2, 2] }],
  ['3×3 stride 2, pads, odd size', [2, 5, 7, 9], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }],
  ['3×3 stride 2, end pads only (AlexNet)', [1, 3, 13, 13], { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 0, 1, 1] }],
  ['3×3 stride 1, pads 1 (Inception)', [1, 4, 6, 5], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }],
  ['ceil_mode, partial last window', [1, 2, 8, 7], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }],
  ['ceil_mode with pads', [1, 2, 9, 6], { kernel_shape: [2, 3], strides: [2, 2], pads: [1, 0, 1, 1], ceil_mode: 1 }],
  ['dilations', [1, 3, 9, 9], { kernel_shape: [2, 3], dilations: [2, 2], pads: [1, 0, 0, 2] }],
  ['SAME_UPPER', [1, 3, 7, 8], { kernel_shape: [3, 2], strides: [2, 2], auto_pad: 'SAME_UPPER' }],
  ['SAME_LOWER', [1, 3, 7, 8], { kernel_shape: [3, 2], strides: [2, 2], auto_pad: 'SAME_LOWER' }],
  ['VALID', [1, 3, 7, 8], { kernel_shape: [3, 3], strides: [1, 2], auto_pad: 'VALID' }],
  ['1-D', [2, 3, 17], { kernel_shape: [3], strides: [2], pads: [1, 1] }],
  ['3-D', [1, 2, 5, 6, 7], { kernel_shape: [2, 3, 3], strides: [1, 2, 2], pads: [0, 1, 1, 1, 0, 1] }],
  ['7×7 global-size window (ResNet)', [1, 3, 7, 7], { kernel_shape: [7, 7] }],
];

// Inputs in [-2, 2] and opset 19 (dilations and ceil_mode are in every pool's schema there).
async function check(op: string, dims: number[], attrs: Record<string, AttrInput>, variant: RegExp, nhwc = false): Promise<void> {
  const { model, inputs } = oneNodeModel(op, [{ dims }], attrs, 3, [-2, 2]);
  await expectMatchesOrt({ ...model, opsetImports: [{ domain: '', version: 19 }] }, inputs, { variant, nhwc });
}

describe('pools match onnxruntime (rel L2 <= 1e-5)', () => {
  it.each(WINDOWS)('MaxPool %s', (_, dims, attrs) => check('MaxPool', dims, attrs, /^max-pool-nchw$/));
  it.each(WINDOWS)('AveragePool %s', (_, dims, attrs) => check('AveragePool', dims, attrs, /^avg-pool-nchw$/));
  it.each(WINDOWS)('AveragePool count_include_pad %s', (_, dims, attrs) => check('AveragePool', dims, { ...attrs, count_include_pad: 1 }, /^avg-pool-nchw$/));
  it.each(WINDOWS.slice(0, 4))('LpPool p=2 %s', (_, dims, attrs) => check('LpPool', dims, attrs, /^lp-pool-nchw$/));
  it.each([1, 3])('LpPool p=%i', (p) => check('LpPool', [1, 3, 7, 7], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], p }, /^lp-pool-nchw$/));
});

describe('kiln.NhwcMaxPool / kiln.NhwcAveragePool (after to-nhwc) match onnxruntime (rel L2 <= 1e-5)', () => {
  const cases = WINDOWS.filter(([, dims]) => dims.length === 4);
  it.each(cases)('MaxPool %s', (_, dims, attrs) => check('MaxPool', dims, attrs, /^max-pool-nhwc$/, true));
  it.each(cases)('AveragePool count_include_pad %s', (_, dims, attrs) => check('AveragePool', dims, { ...attrs, count_include_pad: 1 }, /^avg-pool-nhwc$/, true));
  it('AveragePool, 8 channels', () => check('AveragePool', [1, 8, 7, 7], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, /^avg-pool-nhwc$/, true));
});

describe('MaxPool Indices output matches onnxruntime exactly', () => {
  const cases: [string, number[], Record<string, AttrInput>][] = [
    ['row-major, pads, batch 2', [2, 3, 7, 9], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }],
    ['column-major (storage_order 1)', [1, 3, 8, 7], { kernel_shape: [2, 2], strides: [2, 2], storage_order: 1 }],
    ['1-D', [2, 2, 11], { kernel_shape: [3], strides: [2] }],
  ];
  it.each(cases)('%s', async (_, dims, attrs) => {
    const { model, inputs } = oneNodeModel('MaxPool', [{ dims }], attrs, 9, [-2, 2], ['float32', 'int64']);
    const check = await checkOnGpu(model, inputs);
    expect(check.compiled.plan.kernels[0]!.variant).toBe('max-pool-nchw-indices');
    expect(check.comparisons[0]!.relL2).toBeLessThanOrEqual(1e-5);
    expect(check.comparisons[1]!.mismatches).toBe(0);
    check.compiled.destroy();
  });
});
