// Softmax and LogSoftmax against onnxruntime: both axis conventions (opset 13's single axis,
// opset 11's flattening), contiguous and strided rows, odd and vec4 lengths, both row shapes
// (one invocation per row; one workgroup per row, forced with a 'gpu' profile). Tolerance:
// rel L2 <= 1e-5 (float32), 2e-2 (float16: onnxruntime rounds its float16 result; Kiln computes
// in f32 and rounds once on read-back).
import { describe, it } from 'vitest';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;

describe.each(['Softmax', 'LogSoftmax'])('%s matches onnxruntime', (op) => {
  const name = op === 'Softmax' ? 'softmax' : 'log-softmax';
  const cases: [number[], number, number, string][] = [
    [[3, 7], -1, 13, 'invocation'],
    [[2, 3, 8], -1, 13, 'invocation-vec4'],
    [[1], 0, 13, 'invocation'],
    [[2, 5, 3], 1, 13, 'invocation-strided'],
    [[4, 3, 2], 0, 13, 'invocation-strided'],
    [[2, 3, 5], 1, 11, 'invocation'],
    [[2, 4, 3], 1, 11, 'invocation-vec4'],
    [[2, 3, 5], 0, 11, 'invocation'],
  ];
  it.each(cases)('%j axis %i, opset %i', (dims, axis, opset, variant) =>
    expectNode({ op, operands: [{ dims }], attrs: { axis }, opset, range: [-4, 4] }, { tolerance: REL_L2, variant: `${name}-${variant}` }),
  );
  it.each([[[3, 130], 'workgroup'], [[2, 256], 'workgroup-vec4'], [[3, 129, 2], 'invocation-strided']] as const)('%j on a GPU profile', (dims, variant) =>
    expectNode({ op, operands: [{ dims }], attrs: { axis: dims.length === 3 ? 1 : -1 }, opset: 13, range: [-4, 4] }, { tolerance: REL_L2, variant: `${name}-${variant}`, adapter: { kind: 'gpu' } }),
  );
  it('float16 (rel L2 <= 2e-2)', () =>
    expectNode({ op, operands: [{ dims: [3, 12], dtype: 'float16' }], outputs: ['float16'], opset: 13, range: [-4, 4] }, { tolerance: 2e-2, variant: `${name}-invocation-vec4` }),
  );
});
