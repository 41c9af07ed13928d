// Split: one kernel, several outputs, against onnxruntime. Tolerance: exact (it only moves values;
// rel L2 <= 1e-5 stated for uniformity with the other kernels).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import { createNodeGpu } from '../../node/dawn.ts';
import { checkOnGpu, oneNodeModel } from '../../node/kernel-check.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { compileModel } from '../compile.ts';

const REL_L2 = 1e-5;

async function expectAllMatch(check: Awaited<ReturnType<typeof checkOnGpu>>, variant: string): Promise<void> {
  for (const cmp of check.comparisons) {
    expect(cmp.problem).toBeUndefined();
    expect(cmp.relL2).toBeLessThanOrEqual(REL_L2);
  }
  expect(check.compiled.plan.kernels.map((k) => k.variant)).toEqual([variant]);
  check.compiled.destroy();
}

describe('Split matches onnxruntime (rel L2 <= 1e-5)', () => {
  it('into equal parts along axis 1 (opset 18, num_outputs)', async () => {
    const { model, inputs } = oneNodeModel('Split', [{ dims: [2, 6, 3] }], { axis: 1, num_outputs: 3 }, 1, [-1, 1], ['float32', 'float32', 'float32']);
    const check = await checkOnGpu({ ...model, opsetImports: [{ domain: '', version: 18 }] }, inputs);
    expect(check.compiled.plan.kernels[0]!.outputs).toEqual(['out0', 'out1', 'out2']);
    await expectAllMatch(check, 'split-3-of-3');
  });

  it('by a constant split input, on int64 data, along the last axis', async () => {
    const operands = [{ dims: [3, 6], dtype: 'int64' as const, values: Array.from({ length: 18 }, (_, i) => i * 7 - 40) }, { dims: [3], dtype: 'int64' as const, values: [2, 3, 1], constant: true }];
    const { model, inputs } = oneNodeModel('Split', operands, { axis: -1 }, 1, [-1, 1], ['int64', 'int64', 'int64']);
    await expectAllMatch(await checkOnGpu(model, inputs), 'split-3-of-3');
  });

  it('writes only the outputs that are used', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4, 5]);
    b.node('Split', [x, b.initializer(tensorFromNumbers('sizes', 'int64', [3], [1, 2, 1]))], { name: 'split', outputs: ['first', 'middle', 'last'] });
    b.output('first', 'float32');
    b.output('last', 'float32');
    const model = makeModel(b.build());
    const check = await checkOnGpu(model, randomInputs(model.graph, { seed: 3 }));
    expect(check.compiled.plan.kernels[0]!.outputs).toEqual(['first', 'last']);
    await expectAllMatch(check, 'split-2-of-3');
  });

  it('names the node and the limit when it needs more storage buffers than the device allows', async () => {
    const parts = 12;
    const { model, inputs } = oneNodeModel('Split', [{ dims: [parts, 2] }], { axis: 0, num_outputs: parts }, 1, [-1, 1], Array<'float32'>(parts).fill('float32'));
    const { device } = await createNodeGpu();
    const compile = compileModel(device, { ...model, opsetImports: [{ domain: '', version: 18 }] }, { inputShapes: { in0: inputs[0]!.dims }, adapter: { limits: { maxStorageBuffersPerShaderStage: 8 } } });
    await expect(compile).rejects.toThrow("Split (split0): binds storage buffers: 13, more than this device's maxStorageBuffersPerShaderStage (8)");
  });
});
