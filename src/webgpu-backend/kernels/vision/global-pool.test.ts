// GlobalAveragePool, GlobalMaxPool and GlobalLpPool against onnxruntime: plane sizes 1, odd and
// large, batches, 1-D and 3-D, each variant the profiles pick, and the kiln.Nhwc* forms.
// Tolerance: relative L2 error <= 1e-5 (float32 sums of at most a few thousand terms).
import { describe, it } from 'vitest';
import { oneNodeModel } from '../../../node/kernel-check.ts';
import { expectMatchesOrt } from './test-support.ts';

const SHAPES: number[][] = [[1, 3, 1, 1], [2, 5, 7, 9], [1, 4, 17, 17], [2, 3, 11], [1, 2, 3, 5, 7]];
const OPS = ['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool'];

async function check(op: string, dims: number[], variant: RegExp, options: { gpu?: boolean; nhwc?: boolean } = {}): Promise<void> {
  const { model, inputs } = oneNodeModel(op, [{ dims }], {}, 4, [-2, 2]);
  await expectMatchesOrt(model, inputs, { variant, nhwc: options.nhwc ?? false, ...(options.gpu ? { adapter: { kind: 'gpu' as const } } : {}) });
}

describe('global pools match onnxruntime (rel L2 <= 1e-5)', () => {
  const cases = OPS.flatMap((op) => SHAPES.map((dims) => [op, dims] as const));
  it.each(cases)('%s %j, software profile', (op, dims) => check(op, [...dims], /^global-(avg|max|lp)-pool-nchw$/));
  it.each(OPS)('%s on a 17×17 plane, GPU profile (workgroup reduction)', (op) => check(op, [1, 4, 17, 17], /^global-(avg|max|lp)-pool-workgroup$/, { gpu: true }));
  it.each(OPS.slice(0, 2))('%s, NHWC', (op) => check(op, [2, 5, 7, 9], /^global-(avg|max)-pool-nhwc$/, { nhwc: true }));
});
