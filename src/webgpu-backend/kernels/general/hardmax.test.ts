// Hardmax against onnxruntime: exact (0s and 1s). Every axis (negative too) at opset 13, the
// flattening semantics of opset 11 (rows of prod(dims[axis:])), ties (the first maximum wins).
import { describe, it } from 'vitest';
import { expectNode } from './testing/check.ts';

describe('Hardmax matches onnxruntime exactly', () => {
  it.each([
    [[3, 4, 5], -1, 13, 'hardmax'],
    [[3, 4, 5], 1, 13, 'hardmax-strided'],
    [[3, 4, 5], 0, 13, 'hardmax-strided'],
    [[3, 4, 5], 1, 11, 'hardmax'],
    [[2, 3, 2, 2], 2, 11, 'hardmax'],
  ] as const)('%j axis %i opset %i', (dims, axis, opset, variant) =>
    expectNode({ op: 'Hardmax', operands: [{ dims: [...dims] }], attrs: { axis }, opset }, { tolerance: 0, variant }),
  );
  it('ties: the first maximum of a row', () =>
    expectNode({ op: 'Hardmax', operands: [{ dims: [2, 4], values: [3, 7, 7, 1, 2, 2, 2, 2] }], opset: 13 }, { tolerance: 0 }));
});
