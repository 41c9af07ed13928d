// Shape inference against the ONNX backend node tests: for every case, the inferred dtype and dims
// of each graph output must equal those of the output recorded in the case's test data. Inference
// sees only the declared input types plus the values of small inputs (shapes, axes, counts, scales);
// the declared output types are removed first so they cannot leak into the result.
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../test-support/models.ts';
import { checkNodeCase, exclusionReason, loadExpectations, nodeDir } from './testing/node-cases.ts';

const expectations = loadExpectations();
const all = Object.entries(expectations.cases);
const included = all.filter(([name]) => !exclusionReason(loadModel(`${nodeDir}${name}.onnx`)));

describe('shape inference on the ONNX node tests', () => {
  it('covers the copied cases except the out-of-scope ones', () => {
    expect(all.length).toBeGreaterThan(1700);
    // Exclusions are only training and string ops (see OUT_OF_SCOPE_OPS for each reason).
    expect(all.length - included.length).toBeLessThanOrEqual(40);
  });

  it.each(included.map(([name, c]) => [name, c] as const))('%s', (name, c) => {
    expect(checkNodeCase(name, c)).toEqual([]);
  });
});
