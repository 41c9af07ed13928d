// Ops whose results get tiny where their inputs are ordinary keep relative precision there: each
// element within the conformance tolerance of onnxruntime's (|a - e| <= 1e-7 + 1e-3·|e|), not only
// a small rel L2 over the tensor. Tanh near 0 (a short series: builtins built from exp lose the
// low digits), Softplus far below 0 (log1p as a series near 0), Mish far below 0 (x·n/(n + 2)
// instead of x·tanh(softplus(x))), and the expanded Mish (Softplus, Tanh, Mul), as separate kernels
// and fused into one expression.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../../ir/builder.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import { fuseElementwise } from '../../../passes/fusion/fuse-elementwise.ts';
import { seededRandom } from '../../../reference/random-inputs.ts';
import { expectElementwiseClose } from './testing/check.ts';

describe('tiny results stay within rtol 1e-3 of onnxruntime element by element', () => {
  it.each([
    [[-1e-3, 1e-3]],
    [[-0.2, 0.2]],
    [[-12, 12]],
  ] as const)('Tanh on %j', (range) => expectElementwiseClose({ op: 'Tanh', operands: [{ dims: [401] }], range: [...range] }));
  it.each([
    [[-20, -5]],
    [[-5, 5]],
    [[15, 40]],
  ] as const)('Mish on %j', (range) => expectElementwiseClose({ op: 'Mish', operands: [{ dims: [257] }], range: [...range], opset: 18 }));
  it('Softplus on [-20, -5]', () => expectElementwiseClose({ op: 'Softplus', operands: [{ dims: [257] }], range: [-20, -5] }));
  it('the expanded Mish (Softplus, Tanh, Mul), unfused and fused into one expression', async () => {
    const b = new GraphBuilder('mish');
    const x = b.input('x', 'float32', [300]);
    const sp = b.node('Softplus', [x], { name: 'sp' });
    const t = b.node('Tanh', [sp], { name: 't' });
    b.node('Mul', [x, t], { name: 'mul', outputs: ['y'] });
    b.output('y', 'float32');
    const model = makeModel(b.build());
    const rand = seededRandom(5);
    const inputs = [tensorFromNumbers('x', 'float32', [300], Array.from({ length: 300 }, () => -20 + 15 * rand()))];
    await expectElementwiseClose({ model, inputs });
    const fused = fuseElementwise.run(model).model;
    expect(fused.graph.nodes.map((n) => n.opType)).toEqual(['FusedElementwise']);
    await expectElementwiseClose({ model: fused, inputs });
  });
});
