// LayerNormalization, com.microsoft.SimplifiedLayerNormalization and SkipLayerNormalization against
// onnxruntime: normalized over one or several trailing dims, with and without bias, odd and vec4
// row lengths, both row shapes, the Mean/InvStdDev outputs, the skip broadcast and the sum output,
// float16. Tolerance: rel L2 <= 1e-5 (float32; Kiln's two-pass variance differs from
// onnxruntime's E[x²] - mean² in the last bits), 2e-2 (float16).
import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectMatchesOrt, expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;
const row = (n: number, constant = true): OperandSpec => ({ dims: [n], constant });

describe('LayerNormalization matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([
    [[3, 7], -1, true, 'invocation'],
    [[2, 3, 8], -1, true, 'invocation-vec4'],
    [[2, 3, 5], 1, false, 'invocation'],
    [[4, 1], -1, true, 'invocation'],
  ] as const)('%j axis %i bias %s', (dims, axis, withBias, variant) => {
    const scale: OperandSpec = { dims: dims.slice(axis < 0 ? axis + dims.length : axis), constant: true };
    return expectNode({ op: 'LayerNormalization', operands: [{ dims }, scale, ...(withBias ? [{ ...scale }] : [])], attrs: { axis, epsilon: float(1e-5) }, range: [-3, 3] }, { tolerance: REL_L2, variant: `layer-norm-${variant}` });
  });
  it('Mean and InvStdDev outputs', () =>
    expectNode({ op: 'LayerNormalization', operands: [{ dims: [3, 6] }, row(6), row(6)], outputs: ['float32', 'float32', 'float32'] }, { tolerance: REL_L2, variant: 'layer-norm-invocation' }));
  it.each([[[3, 256], 'workgroup-vec4'], [[2, 131], 'workgroup']] as const)('long rows %j on a GPU profile, with Mean and InvStdDev', (dims, variant) =>
    expectNode({ op: 'LayerNormalization', operands: [{ dims }, row(dims[1]), row(dims[1])], outputs: ['float32', 'float32', 'float32'] }, { tolerance: REL_L2, variant: `layer-norm-${variant}`, adapter: { kind: 'gpu' } }));
  it('float16 (rel L2 <= 2e-2)', () =>
    expectNode({ op: 'LayerNormalization', operands: [{ dims: [3, 8], dtype: 'float16' }, { ...row(8), dtype: 'float16' }, { ...row(8), dtype: 'float16' }], outputs: ['float16'], range: [-3, 3] }, { tolerance: 2e-2, variant: 'layer-norm-invocation-vec4' }));
});

describe('RMSNormalization (opset 23)', () => {
  it.each([[[3, 7], 'invocation'], [[2, 8], 'invocation-vec4']] as const)('%j', (dims, variant) =>
    expectNode({ op: 'RMSNormalization', operands: [{ dims }, row(dims[1])], attrs: { axis: -1, epsilon: float(1e-6) }, opset: 23 }, { tolerance: REL_L2, variant: `rms-norm-${variant}` }));
  it('long rows on a GPU profile', () =>
    expectNode({ op: 'RMSNormalization', operands: [{ dims: [3, 130] }, row(130)], attrs: { axis: -1 }, opset: 23 }, { tolerance: REL_L2, variant: 'rms-norm-workgroup', adapter: { kind: 'gpu' } }));
});

describe('com.microsoft.SkipLayerNormalization matches onnxruntime (rel L2 <= 1e-5)', () => {
  const ms = 'com.microsoft';
  it('input + skip, gamma and beta', () =>
    expectNode({ op: 'SkipLayerNormalization', domain: ms, operands: [{ dims: [2, 3, 7] }, { dims: [2, 3, 7] }, row(7), row(7)], attrs: { epsilon: float(1e-5) } }, { tolerance: REL_L2, variant: 'skip-layer-norm-invocation' }));
  it('with a bias, no beta, and the sum output (vec4)', async () => {
    const b = new GraphBuilder('skip');
    const [x, skip] = [b.input('x', 'float32', [2, 3, 8]), b.input('skip', 'float32', [2, 3, 8])];
    const [gamma, bias] = ['gamma', 'bias'].map((name, k) => b.initializer(tensorFromNumbers(name, 'float32', [8], Array.from({ length: 8 }, (_, i) => 0.5 + 0.1 * i * (k ? -1 : 1)))));
    b.node('SkipLayerNormalization', [x, skip, gamma!, '', bias!], { domain: ms, outputs: ['y', '', '', 'sum'], attrs: { epsilon: float(1e-5) } });
    b.output('y', 'float32');
    b.output('sum', 'float32');
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: ms, version: 1 }] });
    await expectMatchesOrt(model, randomInputs(model.graph, { seed: 5 }), { tolerance: REL_L2, variant: 'skip-layer-norm-invocation-vec4' });
  });
  it('refuses to produce mean and inv_std_var', () =>
    expect(expectNode({ op: 'SkipLayerNormalization', domain: ms, operands: [{ dims: [2, 4] }, { dims: [2, 4] }, row(4)], outputs: ['float32', 'float32'] }, { tolerance: REL_L2 })).rejects.toThrow(/mean and inv_std_var outputs are not produced/));
  it('long rows on a GPU profile (one workgroup per row), with a bias and the sum output', () =>
    expectNode({ op: 'SkipLayerNormalization', domain: ms, operands: [{ dims: [2, 3, 256] }, { dims: [3, 256] }, row(256), row(256), row(256)], attrs: { epsilon: float(1e-5) } }, { tolerance: REL_L2, variant: 'skip-layer-norm-workgroup-vec4', adapter: { kind: 'gpu' } }));
  it('a skip broadcast over the batch', () =>
    expectNode({ op: 'SkipLayerNormalization', domain: ms, operands: [{ dims: [3, 4, 5] }, { dims: [4, 5] }, row(5), row(5), row(5)] }, { tolerance: REL_L2 }));
});
