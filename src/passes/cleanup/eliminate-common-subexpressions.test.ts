// eliminate-common-subexpressions: duplicates merge (nodes, initializers, Constant nodes; Add and
// Mul in either input order), what must not merge does not, and models stay equal in onnxruntime.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { finalModel, runPipeline } from '../pipeline.ts';
import { PIPELINES } from '../pipelines.ts';
import { deepFreeze, expectSameOutputs, weightChecksum } from '../testing/support.ts';
import { eliminateCommonSubexpressions } from './eliminate-common-subexpressions.ts';

const ids = (m: Model) => m.graph.nodes.map((n) => n.id);
const messages = (r: ReturnType<typeof eliminateCommonSubexpressions.run>) => r.changes.explanations.map((e) => e.message);
const vec = (name: string, values: number[]) => tensorFromNumbers(name, 'float32', [values.length], values);

function duplicates(): Model {
  const b = new GraphBuilder('dups');
  const x = b.input('x', 'float32', [3]);
  const c1 = b.initializer(vec('c1', [1, 2, 3]));
  const c2 = b.initializer(vec('c2', [1, 2, 3]));
  const c3 = b.node('Constant', [], { name: 'c3', attrs: { value: vec('v', [1, 2, 3]) } });
  b.initializer(vec('other', [1, 2, 4]));
  const a1 = b.node('Mul', [x, c1], { name: 'm1' });
  const a2 = b.node('Mul', [c2, x], { name: 'm2' });
  const a3 = b.node('Mul', [x, c3], { name: 'm3' });
  const r1 = b.node('Relu', [a1], { name: 'r1' });
  const r2 = b.node('Relu', [a2], { name: 'r2' });
  const s = b.node('Sum', [r1, r2, a3, b.node('Mul', [x, 'other'], { name: 'm4' })], { name: 'sum', outputs: ['y'] });
  b.output(s, 'float32', [3]);
  return makeModel(b.build());
}

describe('eliminate-common-subexpressions fires', () => {
  it('merges identical constants, then the nodes that became identical, in either input order', async () => {
    const model = deepFreeze(duplicates());
    const checksum = weightChecksum(model);
    const r = eliminateCommonSubexpressions.run(model);
    expect(ids(r.model)).toEqual(['m1', 'r1', 'm4', 'sum']);
    expect(r.model.graph.nodes.find((n) => n.id === 'sum')!.inputs).toEqual(['r1_out', 'r1_out', 'm1_out', 'm4_out']);
    expect(r.model.graph.initializers.map((t) => t.name)).toEqual(['c1', 'other']);
    expect(messages(r)).toEqual([
      'merged initializer c2 into initializer c1: both hold float32 [3] = [1,2,3] (12 B)',
      'merged Constant c3 into initializer c1: both hold float32 [3] = [1,2,3] (12 B)',
      'merged Mul m2 into Mul m1: same op, attributes and inputs (c1, x); readers of m2_out now read m1_out',
      'merged Mul m3 into Mul m1: same op, attributes and inputs (x, c1); readers of m3_out now read m1_out',
      'merged Relu r2 into Relu r1: same op, attributes and inputs (m1_out); readers of r2_out now read r1_out',
    ]);
    expect(weightChecksum(model)).toBe(checksum);
    await expectSameOutputs(model, r.model, {});
  });
});

describe('eliminate-common-subexpressions declines', () => {
  it('keeps random ops, different attributes, and a duplicate whose result is a second graph output', () => {
    const b = new GraphBuilder('keep');
    const x = b.input('x', 'float32', [2, 2]);
    b.node('RandomUniformLike', [x], { name: 'rand1', outputs: ['u1'] });
    b.node('RandomUniformLike', [x], { name: 'rand2', outputs: ['u2'] });
    b.node('Transpose', [x], { name: 't1', attrs: { perm: [1, 0] }, outputs: ['t1_y'] });
    b.node('Transpose', [x], { name: 't2', attrs: { perm: [0, 1] }, outputs: ['t2_y'] });
    b.node('Neg', [x], { name: 'n1', outputs: ['n1_y'] });
    b.node('Neg', [x], { name: 'n2', outputs: ['n2_y'] });
    ['u1', 'u2', 't1_y', 't2_y', 'n1_y', 'n2_y'].forEach((o) => b.output(o, 'float32'));
    const model = makeModel(b.build());
    const r = eliminateCommonSubexpressions.run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses).toEqual([{ rule: 'eliminate-common-subexpressions/same-computation', nodeId: 'n2', reason: 'Neg n2 computes what Neg n1 does, but both results are graph outputs' }]);
  });
});

describe('eliminate-common-subexpressions keeps models equivalent', () => {
  const cases = bundledModels().filter((c) => ['transformer', 'paddleocr-det', 'paddleocr-cls', 'silero-vad'].includes(c.id));
  it.each(cases.map((c) => [c.id, c] as const))('%s, after the cleanup pipeline', async (_id, c) => {
    const original = loadModel(c.path);
    const cleaned = finalModel(original, runPipeline(original, PIPELINES.cleanup!.passes));
    const r = eliminateCommonSubexpressions.run(deepFreeze(cleaned));
    // Each of these models repeats small constants (shape vectors, 6 and 3 of hard-swish, …).
    expect(r.changes.explanations.length).toBeGreaterThan(0);
    await expectSameOutputs(original, r.model, c, { relL2: 1e-6 });
  });
});
