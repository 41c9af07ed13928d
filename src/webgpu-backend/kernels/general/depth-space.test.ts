// DepthToSpace (DCR and CRD) and SpaceToDepth against onnxruntime: exact (elements only move).
// Block sizes 2 and 3, batches, non-square planes, a 1×1 result.
import { describe, it } from 'vitest';
import { expectNode } from './testing/check.ts';

describe('DepthToSpace and SpaceToDepth match onnxruntime exactly', () => {
  it.each([
    [[1, 8, 2, 3], 2, 'DCR'],
    [[2, 8, 3, 2], 2, 'CRD'],
    [[1, 18, 2, 2], 3, 'DCR'],
    [[2, 9, 1, 3], 3, 'CRD'],
  ] as const)('DepthToSpace %j blocksize %i %s', (dims, blocksize, mode) =>
    expectNode({ op: 'DepthToSpace', operands: [{ dims: [...dims] }], attrs: { blocksize, mode }, opset: 13 }, { tolerance: 0, variant: `depth-to-space-${mode.toLowerCase()}` }),
  );
  it.each([
    [[1, 2, 4, 6], 2],
    [[2, 3, 6, 3], 3],
    [[1, 1, 2, 2], 2],
  ] as const)('SpaceToDepth %j blocksize %i', (dims, blocksize) =>
    expectNode({ op: 'SpaceToDepth', operands: [{ dims: [...dims] }], attrs: { blocksize }, opset: 13 }, { tolerance: 0, variant: 'space-to-depth' }),
  );
});
