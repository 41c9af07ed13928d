// BatchNormalization (inference) against onnxruntime: NCHW planes with and without whole vec4s,
// 2-D input (no spatial axes), 1-D and 3-D, statistics as constants or graph inputs, in place,
// and the kiln.NhwcBatchNormalization form; training mode refused with its reason.
// Tolerance: relative L2 error <= 1e-5 (float32).
import { describe, expect, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { oneNodeModel } from '../../../node/kernel-check.ts';
import { checkSupport } from '../../compile.ts';
import { expectMatchesOrt } from './test-support.ts';

function bnModel(dims: number[], constantStats = true, opset = 15) {
  const c = dims[1]!;
  const stat = (values?: number[]) => ({ dims: [c], constant: constantStats, ...(values ? { values } : {}) });
  const variance = Array.from({ length: c }, (_, i) => 0.5 + (i % 3) * 0.25);
  const { model, inputs } = oneNodeModel('BatchNormalization', [{ dims }, stat(), stat(), stat(), stat(variance)], { epsilon: float(1e-3) }, 6, [-2, 2]);
  return { model: { ...model, opsetImports: [{ domain: '', version: opset }] }, inputs };
}

describe('BatchNormalization matches onnxruntime (rel L2 <= 1e-5)', () => {
  const cases: [number[], RegExp][] = [
    [[1, 3, 4, 4], /^batch-norm-nchw-vec4$/],
    [[2, 5, 7, 9], /^batch-norm-nchw$/],
    [[3, 6], /^batch-norm-nchw$/],
    [[2, 3, 10], /^batch-norm-nchw/],
    [[1, 2, 3, 4, 5], /^batch-norm-nchw/],
  ];
  it.each(cases)('%j', (dims, variant) => {
    const { model, inputs } = bnModel(dims);
    return expectMatchesOrt(model, inputs, { variant });
  });
  it('statistics as graph inputs', () => {
    const { model, inputs } = bnModel([1, 4, 3, 3], false);
    return expectMatchesOrt(model, inputs, { variant: /^batch-norm-nchw$/ });
  });
  it.each([[[1, 8, 5, 5]], [[2, 7, 3, 5]]])('NHWC %j', (dims) => {
    const { model, inputs } = bnModel(dims);
    return expectMatchesOrt(model, inputs, { variant: /^batch-norm-nhwc$/, nhwc: true });
  });
  it('refuses training mode, saying why', () => {
    const { model } = bnModel([1, 3, 4, 4]);
    const node = model.graph.nodes[0]!;
    const training = { ...model, graph: { ...model.graph, nodes: [{ ...node, attributes: [...node.attributes, { name: 'training_mode', type: 'int' as const, value: 1 }] }] } };
    expect(checkSupport(training, { inputShapes: {} })[0]?.reason).toMatch(/training mode/);
  });
});
