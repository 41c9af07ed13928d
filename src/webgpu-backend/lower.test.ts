// Lowering without a GPU: the bundled MLP's kernel plan and WGSL as golden snapshots, so a
// refactor that changes generated code shows up as a diff to review (not as a silent change).
import { describe, expect, it } from 'vitest';
import { loadModel, modelsDir } from '../test-support/models.ts';
import { lowerModel } from './lower.ts';

describe('lowerModel', () => {
  const lowered = lowerModel(loadModel(`${modelsDir}mlp.onnx`), { inputShapes: { x: [2, 784] } });

  it('lowers the MLP to one kernel per compute node', () => {
    const summary = lowered.kernels.map(({ info }) => `${info.id}: ${info.variant} ${JSON.stringify(info.workgroups)} (${info.inputs.join(', ')}) -> ${info.output}`);
    expect(summary).toMatchSnapshot();
    expect(lowered.shapes.get('logits')).toEqual([2, 10]);
  });

  it('generates the same WGSL as before', () => {
    const byKey = new Map(lowered.kernels.map(({ info }) => [info.variant, info.wgsl]));
    for (const [variant, wgsl] of byKey) expect(wgsl).toMatchSnapshot(variant);
  });
});
