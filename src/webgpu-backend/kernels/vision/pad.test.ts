// Pad against onnxruntime: every mode, pads as the opset-2 attribute and as the opset-11+ input,
// negative pads (cropping first, as onnxruntime does), axes (opset 18), constant_value as
// constant and graph input, integer data. Pads wider than the axis are left out: onnxruntime
// refuses them for reflect and fills zeros past one period for wrap, where the ONNX reference
// (numpy) wraps again, as Kiln does. Tolerance: exact (Pad moves values).
import { describe, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import type { Model } from '../../../ir/types.ts';
import { oneNodeModel, type OperandSpec } from '../../../node/kernel-check.ts';
import { expectMatchesOrt } from './test-support.ts';

const withOpset = (model: Model, version: number): Model => ({ ...model, opsetImports: [{ domain: '', version }] });
const pads = (values: number[]): OperandSpec => ({ dims: [values.length], dtype: 'int64', values, constant: true });

describe('Pad matches onnxruntime (exact)', () => {
  it.each(['constant', 'reflect', 'edge'])('%s, pads attribute (opset 2)', (mode) => {
    const { model, inputs } = oneNodeModel('Pad', [{ dims: [1, 3, 4, 5] }], { mode, pads: [0, 0, 1, 2, 0, 0, 2, 1], value: float(0.5) }, 2);
    return expectMatchesOrt(withOpset(model, 2), inputs, { variant: new RegExp(`^pad-${mode}$`), tolerance: 0 });
  });

  it.each(['constant', 'reflect', 'edge', 'wrap'])('%s, pads input with a crop (opset 19)', (mode) => {
    const { model, inputs } = oneNodeModel('Pad', [{ dims: [2, 3, 5, 4] }, pads([0, 1, 2, -1, 0, 0, 1, 2])], { mode }, 2);
    return expectMatchesOrt(withOpset(model, 19), inputs, { variant: new RegExp(`^pad-${mode}$`), tolerance: 0 });
  });

  it('constant_value as a constant and as a graph input', async () => {
    for (const constant of [true, false]) {
      const { model, inputs } = oneNodeModel('Pad', [{ dims: [3, 7] }, pads([1, 0, 2, 3]), { dims: [], values: [-2.5], constant }], {}, 2);
      await expectMatchesOrt(withOpset(model, 13), inputs, { variant: /^pad-constant$/, tolerance: 0 });
    }
  });

  it('axes (opset 18)', () => {
    const { model, inputs } = oneNodeModel('Pad', [{ dims: [2, 3, 4] }, pads([2, 1, 1, 0]), '', { dims: [2], dtype: 'int64', values: [-1, 0], constant: true }], { mode: 'reflect' }, 2);
    return expectMatchesOrt(withOpset(model, 18), inputs, { variant: /^pad-reflect$/, tolerance: 0 });
  });

  it('wrap by the whole axis, and int32 data', async () => {
    const wrap = oneNodeModel('Pad', [{ dims: [2, 3] }, pads([0, 3, 1, 2])], { mode: 'wrap' }, 2);
    await expectMatchesOrt(withOpset(wrap.model, 19), wrap.inputs, { variant: /^pad-wrap$/, tolerance: 0 });
    const ints = oneNodeModel('Pad', [{ dims: [4, 5], dtype: 'int32', values: Array.from({ length: 20 }, (_, i) => i - 7) }, pads([1, 2, 2, 1])], { mode: 'edge' }, 2, [0, 1], ['int32']);
    await expectMatchesOrt(withOpset(ints.model, 13), ints.inputs, { variant: /^pad-edge$/, tolerance: 0 });
  });
});
