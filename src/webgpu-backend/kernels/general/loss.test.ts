// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss against onnxruntime, for every reduction,
// with and without weights, ignore_index (negative too), 2-D and k-D inputs, the log_prob output
// and a GPU profile (workgroup rows for the log-softmax). Tolerance: rel L2 <= 1e-5 (float32 sums
// in another order than onnxruntime's).
import { describe, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { expectNode } from './testing/check.ts';

const REL_L2 = 1e-5;
/** Targets in [0, classes), with `ignored` put at every third position when given. */
function targets(dims: number[], classes: number, ignored?: number): OperandSpec {
  const count = dims.reduce((p, d) => p * d, 1);
  return { dims, dtype: 'int64', values: Array.from({ length: count }, (_, i) => (ignored !== undefined && i % 3 === 1 ? ignored : (i * 5 + 2) % classes)) };
}

const weights = (classes: number): OperandSpec => ({ dims: [classes], values: Array.from({ length: classes }, (_, i) => 0.5 + 0.25 * i) });

/** [scores dims, weighted, ignore_index]. */
const SHAPES: [number[], boolean, number | undefined][] = [
  [[3, 5], false, undefined],
  [[3, 5], true, undefined],
  [[2, 4, 3], true, 2],
  [[2, 3, 2, 5], false, -1],
  [[4, 7, 1, 3], true, -5],
];

describe.each(['none', 'sum', 'mean'])('NegativeLogLikelihoodLoss, reduction %s (rel L2 <= 1e-5)', (reduction) => {
  it.each(SHAPES)('scores %j weighted %s ignore_index %s', (dims, weighted, ignore) =>
    expectNode(
      {
        op: 'NegativeLogLikelihoodLoss',
        operands: [{ dims }, targets([dims[0]!, ...dims.slice(2)], dims[1]!, ignore), ...(weighted ? [weights(dims[1]!)] : [])],
        attrs: { reduction, ...(ignore !== undefined ? { ignore_index: ignore } : {}) },
        opset: 13,
        range: [-3, 0],
      },
      { tolerance: REL_L2, variant: `nll-${reduction}${weighted ? '-weighted' : ''}` },
    ),
  );
});

describe.each(['none', 'sum', 'mean'])('SoftmaxCrossEntropyLoss, reduction %s (rel L2 <= 1e-5)', (reduction) => {
  it.each(SHAPES)('scores %j weighted %s ignore_index %s, with log_prob', (dims, weighted, ignore) =>
    expectNode(
      {
        op: 'SoftmaxCrossEntropyLoss',
        operands: [{ dims }, targets([dims[0]!, ...dims.slice(2)], dims[1]!, ignore), ...(weighted ? [weights(dims[1]!)] : [])],
        attrs: { reduction, ...(ignore !== undefined ? { ignore_index: ignore } : {}) },
        outputs: ['float32', 'float32'],
        opset: 13,
        range: [-3, 3],
      },
      { tolerance: REL_L2 },
    ),
  );
  it('loss only (log_prob in scratch), 300 classes on a GPU profile', () =>
    expectNode(
      { op: 'SoftmaxCrossEntropyLoss', operands: [{ dims: [3, 300] }, targets([3], 300)], attrs: { reduction }, opset: 13, range: [-3, 3] },
      { tolerance: REL_L2, variant: ['log-softmax-workgroup-vec4', `nll-${reduction}`], adapter: { kind: 'gpu' } },
    ),
  );
});
