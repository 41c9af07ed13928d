// float16 models through the vision kernels against onnxruntime (which runs these ops in float16
// on the CPU). SwiftShader has no shader-f16, so float16 tensors are stored as f32 here (gpu-dtype.ts)
// and results rounded to float16 on read-back: this checks the dtype plumbing, not f16 arithmetic.
// Tolerance: relative L2 error <= 1e-3 (float16).
import { describe, it } from 'vitest';
import type { AttrInput } from '../../../ir/builder.ts';
import { oneNodeModel, type OperandSpec } from '../../../node/kernel-check.ts';
import { expectMatchesOrt } from './test-support.ts';

const f16 = (dims: number[], constant = false, values?: number[]): OperandSpec => ({ dims, dtype: 'float16', constant, ...(values ? { values } : {}) });

const CASES: [string, (OperandSpec | '')[], Record<string, AttrInput>, RegExp][] = [
  ['Conv', [f16([1, 3, 6, 5]), f16([8, 3, 3, 3], true), f16([8], true)], { pads: [1, 1, 1, 1] }, /^conv-nchw-blocked$/],
  ['Conv', [f16([1, 4, 6, 5]), f16([4, 1, 3, 3], true)], { pads: [1, 1, 1, 1], group: 4 }, /^conv-nchw-depthwise-row$/],
  ['ConvTranspose', [f16([1, 4, 3, 3]), f16([4, 2, 2, 2], true)], { strides: [2, 2] }, /^conv-transpose-nchw$/],
  ['MaxPool', [f16([1, 3, 6, 5])], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, /^max-pool-nchw$/],
  ['AveragePool', [f16([1, 3, 6, 5])], { kernel_shape: [2, 2], strides: [2, 2] }, /^avg-pool-nchw$/],
  ['GlobalAveragePool', [f16([1, 3, 6, 5])], {}, /^global-avg-pool-nchw$/],
  ['BatchNormalization', [f16([1, 3, 4, 4]), f16([3], true), f16([3], true), f16([3], true), f16([3], true, [0.5, 1, 1.5])], {}, /^batch-norm-nchw-vec4$/],
  ['Resize', [f16([1, 2, 3, 4]), { dims: [0], values: [], constant: true }, { dims: [4], values: [1, 1, 2, 2], constant: true }], { mode: 'linear' }, /^resize-linear$/],
  ['HardSigmoid', [f16([2, 3, 5])], {}, /^hardsigmoid$/],
  ['LeakyRelu', [f16([2, 3, 4])], {}, /^leakyrelu-vec4$/],
];

describe('float16 vision ops match onnxruntime (rel L2 <= 1e-3)', () => {
  it.each(CASES)('%s', async (op, operands, attrs, variant) => {
    const { model, inputs } = oneNodeModel(op, operands, attrs, 4, [-1, 1], ['float16']);
    await expectMatchesOrt(model, inputs, { variant, tolerance: 1e-3 });
  });
});
