// Acos, Asin, Atan, Acosh, Asinh, Atanh, Cosh, Sinh and Swish against onnxruntime, element by
// element within the conformance tolerance (|a - e| <= 1e-7 + 1e-3·|e|): over each op's domain,
// and near 0 where the results get tiny (the series branch). Swish with its alpha, and its tiny
// tail against float64 (relative 1e-5).
import { describe, expect, it } from 'vitest';
import { float } from '../../../ir/builder.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../../ir/tensor.ts';
import { checkOnGpu } from '../../../node/kernel-check.ts';
import { compareTensors } from '../../../reference/compare.ts';
import { expectElementwiseClose, nodeModel } from './testing/check.ts';

const RANGES: Record<string, [number, number]> = {
  Acos: [-1, 1], Asin: [-1, 1], Atan: [-6, 6], Acosh: [1, 8], Asinh: [-6, 6], Atanh: [-0.99, 0.99], Cosh: [-5, 5], Sinh: [-5, 5],
};

describe('inverse trigonometric and hyperbolic ops match onnxruntime element by element', () => {
  it.each(Object.entries(RANGES))('%s on %j', (op, range) => expectElementwiseClose({ op, operands: [{ dims: [3, 67] }], range, seed: 2 }));
  it.each(['Asin', 'Atan', 'Asinh', 'Atanh', 'Sinh'])('%s near 0 (tiny results)', (op) => expectElementwiseClose({ op, operands: [{ dims: [129] }], range: [-0.06, 0.06] }));
  it.each([1, 0.5, -2])('Swish alpha %d (opset 24)', (alpha) =>
    expectElementwiseClose({ op: 'Swish', operands: [{ dims: [5, 13] }], attrs: { alpha: float(alpha) }, range: [-4, 4], opset: 24 }));
  // onnxruntime's sigmoid loses the tiny tail (it returns -0 for x = -18.5, whose Swish is -1.6e-7):
  // there the float64 value is the reference.
  it('Swish far below 0, against float64', async () => {
    const { model, inputs } = nodeModel({ op: 'Swish', operands: [{ dims: [97] }], attrs: { alpha: float(1) }, range: [-40, -8], opset: 24 });
    const check = await checkOnGpu(model, inputs);
    check.compiled.destroy();
    const x = tensorToNumbers(inputs[0]!);
    const exact = tensorFromNumbers('out', 'float32', [97], x.map((v) => v / (1 + Math.exp(-v))));
    expect(compareTensors(check.result.outputs[0]!, exact, 1e-5, 0).mismatches).toBe(0);
  });
});
