// accuracyReport: rel L2, cosine and top-1 agreement against values worked out by hand, the
// class-score rule ([N, C] with C ≥ 2 gets top-1; other shapes do not), and bad input.
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { isInputError } from '../../ir/errors.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { accuracyReport, formatAccuracy } from './accuracy.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

function unary(op: 'Identity' | 'Neg', dims: number[], scale?: number): Model {
  const b = new GraphBuilder('g');
  let v = b.node(op, [b.input('x', 'float32', dims)], { name: 'n' });
  if (scale !== undefined) v = b.node('Mul', [v, b.initializer(tensorFromNumbers('k', 'float32', [], [scale]))], { name: 'mul' });
  b.node('Identity', [v], { name: 'out', outputs: ['y'] });
  b.output('y', 'float32', dims);
  return makeModel(b.build());
}

const rows = [[0.1, 0.7, 0.2], [0.5, -0.3, 0.1], [0.2, 0.3, 0.9], [0.4, 0.4, 0.1]];
const inputs = rows.map((r) => [tensorFromNumbers('x', 'float32', [1, 3], r)]);

describe('accuracyReport', () => {
  it('a scaled copy: rel L2 is the scale error, cosine 1, the same top-1 everywhere', async () => {
    const r = await accuracyReport(unary('Identity', [1, 3]), unary('Identity', [1, 3], 1.25), inputs, run);
    expect(r.samples).toBe(4);
    expect(r.perOutput).toHaveLength(1);
    expect(r.perOutput[0]!.relL2).toBeCloseTo(0.25, 6);
    expect(r.perOutput[0]!.cosine).toBeCloseTo(1, 6);
    expect(r.perOutput[0]!.top1Agreement).toBe(1);
    expect(formatAccuracy(r)).toBe('y: rel L2 2.50e-1, cosine 1.00000, top-1 100.0%');
  });

  it('a negated copy: rel L2 2, cosine -1, top-1 agrees only where arg-max and arg-min coincide (ties)', async () => {
    const r = await accuracyReport(unary('Identity', [1, 3]), unary('Neg', [1, 3]), inputs, run);
    // Row 4 ties at 0.4: arg-max of x is index 0, and of -x it is index 2; no row agrees.
    const argmax = (v: number[]) => v.indexOf(Math.max(...v));
    const agree = rows.filter((v) => argmax(v) === argmax(v.map((x) => -x))).length / rows.length;
    expect(r.perOutput[0]).toEqual({ name: 'y', relL2: 2, cosine: -1, top1Agreement: agree });
  });

  it('gives top-1 only for [N, C] outputs with C ≥ 2', async () => {
    const [rank3, oneClass] = [unary('Identity', [1, 1, 3]), unary('Identity', [3, 1])];
    const r3 = await accuracyReport(rank3, rank3, [[tensorFromNumbers('x', 'float32', [1, 1, 3], [1, 2, 3])]], run);
    const r1 = await accuracyReport(oneClass, oneClass, [[tensorFromNumbers('x', 'float32', [3, 1], [1, 2, 3])]], run);
    expect([r3.perOutput[0], r1.perOutput[0]]).toEqual([{ name: 'y', relL2: 0, cosine: 1 }, { name: 'y', relL2: 0, cosine: 1 }]);
  });

  it('needs inputs', async () => {
    const m = unary('Identity', [1, 3]);
    const e = await accuracyReport(m, m, [], run).catch((x: unknown) => x);
    expect(isInputError(e) && e.message).toBe('an accuracy report needs at least one set of inputs');
  });
});
