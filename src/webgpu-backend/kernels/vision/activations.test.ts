// Clip, HardSigmoid, HardSwish, LeakyRelu and kiln.HardSwish against onnxruntime: vec4 and odd
// counts, Clip's bounds as attributes (opset 6) and as inputs (constant, graph input, either one
// omitted, min > max), integer Clip. Tolerance: relative L2 error <= 1e-5 (float32); exact for int32.
import { describe, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import type { Model } from '../../../ir/types.ts';
import { oneNodeModel, type OperandSpec } from '../../../node/kernel-check.ts';
import { kilnHardSwish } from '../../../passes/fusion/kiln-functions.ts';
import { expectMatchesOrt, recastNode } from './test-support.ts';

const withOpset = (model: Model, version: number): Model => ({ ...model, opsetImports: [{ domain: '', version }] });

describe('activations match onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([[[2, 3, 4, 4]], [[3, 5, 7]]])('HardSigmoid, HardSwish, LeakyRelu on %j', async (dims) => {
    const vec = dims.reduce((a, b) => a * b, 1) % 4 === 0 ? '-vec4' : '';
    for (const [op, attrs] of [['HardSigmoid', { alpha: float(0.3), beta: float(0.45) }], ['HardSwish', {}], ['LeakyRelu', { alpha: float(0.15) }], ['LeakyRelu', {}]] as const) {
      const { model, inputs } = oneNodeModel(op, [{ dims }], attrs, 2, [-5, 5]);
      await expectMatchesOrt(withOpset(model, 14), inputs, { variant: new RegExp(`^${op.toLowerCase()}${vec}$`) });
    }
  });

  it('kiln.HardSwish (a model-local function for opsets before 14)', async () => {
    const { model, inputs } = oneNodeModel('HardSwish', [{ dims: [1, 3, 5, 5] }], {}, 2, [-5, 5]);
    const kiln = recastNode(withOpset(model, 11), 'HardSwish', 'kiln');
    await expectMatchesOrt({ ...kiln, functions: [kilnHardSwish(11)] }, inputs, { variant: /^kiln-hardswish$/ });
  });

  it('Clip with min/max attributes (opset 6)', async () => {
    const { model, inputs } = oneNodeModel('Clip', [{ dims: [2, 8, 3] }], { min: float(-0.5), max: float(0.75) }, 2, [-2, 2]);
    await expectMatchesOrt(withOpset(model, 6), inputs, { variant: /^clip-vec4$/ });
  });

  const bounds: [string, (OperandSpec | '')[]][] = [
    ['constant min and max', [{ dims: [], values: [0], constant: true }, { dims: [], values: [6], constant: true }]],
    ['min only', [{ dims: [], values: [-0.25], constant: true }]],
    ['max only', ['', { dims: [], values: [0.3], constant: true }]],
    ['bounds as graph inputs', [{ dims: [], values: [-1] }, { dims: [], values: [0.5] }]],
    ['min > max (max wins)', [{ dims: [], values: [0.5], constant: true }, { dims: [], values: [-0.5], constant: true }]],
  ];
  it.each(bounds)('Clip with %s (opset 13)', async (_, rest) => {
    const { model, inputs } = oneNodeModel('Clip', [{ dims: [3, 5, 7] }, ...rest], {}, 2, [-8, 8]);
    await expectMatchesOrt(withOpset(model, 13), inputs, { variant: /^clip$/ });
  });

  it('Clip on int32 (opset 13), exact', async () => {
    const { model, inputs } = oneNodeModel('Clip', [{ dims: [4, 4], dtype: 'int32', values: Array.from({ length: 16 }, (_, i) => i * 7 - 50) }, { dims: [], dtype: 'int32', values: [-20], constant: true }, { dims: [], dtype: 'int32', values: [30], constant: true }], {}, 2, [0, 1], ['int32']);
    await expectMatchesOrt(withOpset(model, 13), inputs, { variant: /^clip-vec4$/, tolerance: 0 });
  });
});
