// CumSum and CumProd against onnxruntime on every axis, exclusive and reverse in all four
// combinations, strided lines (an inner axis), int32 exact, and the refusal of an axis that is not
// a constant. Tolerance: rel L2 <= 1e-5 for float32 (serial f32 sums as onnxruntime's), exact for
// integers.
import { describe, expect, it } from 'vitest';
import type { OperandSpec } from '../../../node/kernel-check.ts';
import { checkSupport } from '../../compile.ts';
import { expectNode, nodeModel } from './testing/check.ts';

const REL_L2 = 1e-5;
const axis = (v: number, constant = true): OperandSpec => ({ dims: [], dtype: 'int64', values: [v], constant });
/** CumProd arrived in opset 26. */
const opsetOf = (op: string) => (op === 'CumProd' ? 26 : 14);
const FLAGS = [[0, 0], [1, 0], [0, 1], [1, 1]] as const;

describe.each(['CumSum', 'CumProd'])('%s matches onnxruntime', (op) => {
  const name = op.toLowerCase();
  it.each(FLAGS)('exclusive=%i reverse=%i on [3, 7, 2], each axis', async (exclusive, reverse) => {
    for (const a of [0, 1, -1]) {
      const variant = `${name}${exclusive ? '-exclusive' : ''}${reverse ? '-reverse' : ''}`;
      await expectNode({ op, operands: [{ dims: [3, 7, 2] }, axis(a)], attrs: { exclusive, reverse }, range: op === 'CumProd' ? [0.7, 1.3] : [-1, 1], opset: opsetOf(op) }, { tolerance: REL_L2, variant });
    }
  });
  it('int32 exactly', () =>
    expectNode({ op, operands: [{ dims: [2, 5], dtype: 'int32', values: [1, 2, 3, -4, 5, 2, 2, -1, 3, 1] }, axis(1)], attrs: { exclusive: 1 }, outputs: ['int32'], opset: opsetOf(op) }, { tolerance: 0 }));
});

it('asks for a constant axis, naming it', () => {
  const { model, inputs } = nodeModel({ op: 'CumSum', operands: [{ dims: [4] }, axis(0, false)], opset: 14 });
  expect(checkSupport(model, { inputShapes: Object.fromEntries(inputs.map((t) => [t.name, t.dims])) }).map((u) => u.reason)).toEqual(["input 'in1' must be a constant (it is read at compile time)"]);
});
