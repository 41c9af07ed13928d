// to-nhwc and sink-transposes on a 10,000-node graph (after conversion): both stay well inside a
// second on a quiet machine (one sweep each, no quadratic scans), and the result still computes
// what the original does.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { expectSameOutputs } from '../testing/support.ts';
import { sinkTransposes } from './sink-transposes.ts';
import { toNhwc } from './to-nhwc.ts';

const BLOCKS = 2222;

/** Conv → Relu blocks, every second one with a residual Add: 5,555 nodes, 9,999 after to-nhwc. */
function largeModel(): Model {
  const w = new WeightFactory(2);
  const b = new GraphBuilder('large');
  let x = b.input('x', 'float32', [1, 8, 4, 4]);
  for (let i = 0; i < BLOCKS; i++) {
    const r = b.node('Relu', [b.node('Conv', [x, b.initializer(w.uniform(`w${i}`, [8, 8, 1, 1], -0.3, 0.3))])]);
    x = i % 2 ? b.node('Add', [r, x]) : r;
  }
  b.output(x, 'float32', [1, 8, 4, 4]);
  return makeModel(b.build());
}

describe('layout passes on a 10,000-node graph', () => {
  // Speed is measured by `npm run bench:passes` (docs/benchmarks.md), not asserted here.
  it('keep the model equivalent', async () => {
    const original = largeModel();
    const converted = toNhwc.run(original).model;
    const sunk = sinkTransposes.run(converted).model;
    expect(converted.graph.nodes.length).toBe(9999);
    // One Transpose into NHWC at the input, one back at the output.
    expect(sunk.graph.nodes.filter((n) => n.opType === 'Transpose')).toHaveLength(2);
    await expectSameOutputs(original, sunk, {}, { relL2: 1e-4 });
  });
});
