// LpNormalization and GroupNormalization against onnxruntime. LpNormalization: p 1 and 2, every
// axis, strided rows. GroupNormalization: per-channel scale and bias (opset 21), groups of one
// and of several channels, 3-D to 5-D inputs, epsilon. Tolerance: rel L2 <= 1e-5 (float32).
import { describe, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;

describe('LpNormalization matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([
    [[3, 7], -1, 2, 'lp-norm-2'],
    [[3, 7], 0, 1, 'lp-norm-1-strided'],
    [[2, 3, 5], 1, 2, 'lp-norm-2-strided'],
    [[2, 3, 5], 2, 1, 'lp-norm-1'],
  ] as const)('%j axis %i p %i', (dims, axis, p, variant) => expectNode({ op: 'LpNormalization', operands: [{ dims: [...dims] }], attrs: { axis, p } }, { tolerance: REL_L2, variant }));
});

describe('GroupNormalization matches onnxruntime (rel L2 <= 1e-5)', () => {
  it.each([
    [[2, 6, 3], 3],
    [[1, 4, 2, 5], 2],
    [[2, 6, 2, 2, 2], 6],
    [[3, 4, 3, 3], 1],
  ] as const)('%j in %i groups, per-channel scale (opset 21)', (dims, num_groups) =>
    expectNode(
      { op: 'GroupNormalization', operands: [{ dims: [...dims] }, { dims: [dims[1]], constant: true }, { dims: [dims[1]], constant: true }], attrs: { num_groups, epsilon: float(1e-3) }, opset: 21 },
      { tolerance: REL_L2, variant: 'group-norm-channel' },
    ),
  );
});
