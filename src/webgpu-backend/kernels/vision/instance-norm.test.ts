// InstanceNormalization against onnxruntime: plane sizes 1 (variance 0: y = B), odd, large; 1-D
// and 3-D; each variant the profiles pick; the kiln.NhwcInstanceNormalization form.
// Tolerance: relative L2 error <= 1e-5 (float32; two-pass variance).
import { describe, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { oneNodeModel } from '../../../node/kernel-check.ts';
import { expectMatchesOrt } from './test-support.ts';

function inModel(dims: number[]) {
  const c = dims[1]!;
  return oneNodeModel('InstanceNormalization', [{ dims }, { dims: [c], constant: true }, { dims: [c], constant: true }], { epsilon: float(1e-4) }, 8, [-2, 3]);
}

describe('InstanceNormalization matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([[[1, 3, 1, 1]], [[2, 5, 7, 9]], [[1, 3, 20, 20]], [[2, 3, 11]], [[1, 2, 3, 4, 5]]])('%j, software profile', (dims) => {
    const { model, inputs } = inModel(dims);
    return expectMatchesOrt(model, inputs, { variant: /^instance-norm-nchw$/ });
  });
  it('20×20 planes, GPU profile (workgroup reduction)', () => {
    const { model, inputs } = inModel([1, 3, 20, 20]);
    return expectMatchesOrt(model, inputs, { variant: /^instance-norm-workgroup$/, adapter: { kind: 'gpu' } });
  });
  it('NHWC', () => {
    const { model, inputs } = inModel([2, 5, 7, 9]);
    return expectMatchesOrt(model, inputs, { variant: /^instance-norm-nhwc$/, nhwc: true });
  });
});
