// Where with bool conditions (one u32 per element on the GPU), and comparisons producing bools,
// against onnxruntime. Tolerance: exact for bools, rel L2 <= 1e-5 for floats.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { checkOnGpu, oneNodeModel } from '../../node/kernel-check.ts';
import { randomInputs } from '../../reference/random-inputs.ts';

const REL_L2 = 1e-5;

async function expectExact(check: Awaited<ReturnType<typeof checkOnGpu>>, variants: string[]): Promise<void> {
  for (const cmp of check.comparisons) {
    expect(cmp.problem).toBeUndefined();
    expect(cmp.relL2).toBeLessThanOrEqual(REL_L2);
  }
  expect(check.compiled.plan.kernels.map((k) => k.variant)).toEqual(variants);
  check.compiled.destroy();
}

describe('Where and comparisons match onnxruntime', () => {
  it('Where with a bool graph input, broadcast three ways', async () => {
    const { model, inputs } = oneNodeModel('Where', [{ dims: [3, 1], dtype: 'bool', values: [1, 0, 1] }, { dims: [1, 4] }, { dims: [3, 4] }]);
    await expectExact(await checkOnGpu(model, inputs), ['where']);
  });

  it('Where on int32 data with a constant condition', async () => {
    const { model, inputs } = oneNodeModel('Where', [{ dims: [4], dtype: 'bool', values: [1, 0, 0, 1], constant: true }, { dims: [2, 4], dtype: 'int32', values: [1, 2, 3, 4, 5, 6, 7, 8] }, { dims: [], dtype: 'int32', values: [-9] }], {}, 1, [-1, 1], ['int32']);
    await expectExact(await checkOnGpu(model, inputs), ['where']);
  });

  it.each(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual'])('%s returns bools read back as bool', async (op) => {
    // Small integers as floats: ties make Equal and the *OrEqual forms meaningful.
    const { model, inputs } = oneNodeModel(op, [{ dims: [2, 5], values: [1, 2, 3, 4, 5, 5, 4, 3, 2, 1] }, { dims: [5], values: [3, 3, 3, 3, 3] }], {}, 1, [-1, 1], ['bool']);
    await expectExact(await checkOnGpu(model, inputs), [`compare-${op.toLowerCase()}`]);
  });

  it('a bool made on the GPU feeds Where (x > 0 ? x : 0.1x), running in place', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 8]);
    const zero = b.initializer({ name: 'zero', dtype: 'float32', dims: [], data: { kind: 'raw', bytes: new Uint8Array(4) } });
    const positive = b.node('Greater', [x, zero]);
    const scaled = b.node('Mul', [x, b.initializer({ name: 'slope', dtype: 'float32', dims: [], data: { kind: 'raw', bytes: new Uint8Array(new Float32Array([0.1]).buffer) } })]);
    b.node('Where', [positive, x, scaled], { outputs: ['y'] });
    b.output('y', 'float32');
    const model = makeModel(b.build());
    const check = await checkOnGpu(model, randomInputs(model.graph, { seed: 2 }));
    expect(check.compiled.plan.kernels.at(-1)!.inPlace).toBeDefined();
    await expectExact(check, ['compare-greater', 'binary-mul-broadcast-vec4', 'where']);
  });
});
