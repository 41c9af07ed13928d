// The cleanup and structural-fusion passes on an 11,000-node graph: each run stays well inside
// the pipeline's budget (under a second for the whole pipeline on 10,000 nodes: no quadratic
// scans), and the result still computes what the original does.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { STRUCTURAL_FUSION_PASSES } from '../fusion/structural.ts';
import type { Pass } from '../pass.ts';
import { expectSameOutputs } from '../testing/support.ts';
import { eliminateCommonSubexpressions } from './eliminate-common-subexpressions.ts';
import { eliminateIdentity } from './eliminate-identity.ts';
import { simplifyShapes } from './simplify-shapes.ts';

const BLOCKS = 1000;

/** 1,000 blocks of 11 nodes: elementwise runs, a reduction, a cancelling Transpose pair, an Identity and a duplicate Neg. */
function largeModel(): Model {
  const b = new GraphBuilder('large');
  let h = b.input('x', 'float32', [4, 8]);
  const c = b.initializer(tensorFromNumbers('c', 'float32', [8], [0.5, -1, 2, 0, 1, -2, 0.25, 1]));
  for (let i = 0; i < BLOCKS; i++) {
    const r = b.node('Relu', [b.node('Add', [h, c])]);
    const s = b.node('Sub', [r, b.node('ReduceMean', [r], { attrs: { axes: [-1] } })]);
    const t = b.node('Transpose', [b.node('Transpose', [b.node('Mul', [s, s])], { attrs: { perm: [1, 0] } })], { attrs: { perm: [1, 0] } });
    const id = b.node('Identity', [t]);
    h = b.node('Add', [b.node('Neg', [id]), b.node('Neg', [id])]);
  }
  b.node('Tanh', [h], { outputs: ['y'] });
  b.output('y', 'float32', [4, 8]);
  return makeModel(b.build());
}

describe('passes on an 11,000-node graph', () => {
  // Speed is measured by `npm run bench:passes` (docs/benchmarks.md), not asserted here.
  it('keep the model equivalent', async () => {
    const passes: Pass[] = [eliminateCommonSubexpressions, eliminateIdentity, simplifyShapes, ...STRUCTURAL_FUSION_PASSES];
    const original = largeModel();
    expect(original.graph.nodes.length).toBe(11 * BLOCKS + 1);
    let m = original;
    for (const p of passes) m = p.run(m).model;
    // One Neg merges, the Identity and the Transpose pair go; then Sub, Mul, Neg and Add fuse with
    // the next block's Add and Relu (Relu is read twice, so a group ends there): per block a
    // ReduceMean and one fused node, plus the first block's Add → Relu.
    expect(m.graph.nodes.length).toBe(2 * BLOCKS + 1);
    await expectSameOutputs(original, m, {}, { relL2: 1e-5 });
  });
});
