// Lowering without a GPU: the bundled MLP's kernel plan and WGSL as golden snapshots, so a
// refactor that changes generated code shows up as a diff to review (not as a silent change).
import { describe, expect, it } from 'vitest';
import { loadModel, modelsDir } from '../test-support/models.ts';
import { lowerModel } from './lower.ts';

describe('lowerModel', () => {
  // The software-adapter profile: the kernels SwiftShader runs in the tests.
  const lowered = lowerModel(loadModel(`${modelsDir}mlp.onnx`), { inputShapes: { x: [2, 784] }, adapter: { kind: 'cpu' } });

  it('lowers the MLP to one kernel per compute node, the constant Transpose folded', () => {
    const summary = lowered.kernels.map(({ info }) => {
      const inPlace = info.inPlace ? ` in place of ${info.inPlace.input}` : '';
      return `${info.id}: ${info.variant} ${JSON.stringify(info.workgroups)} (${info.inputs.join(', ')}) -> ${info.outputs.join(', ')}${inPlace}`;
    });
    expect(summary).toMatchSnapshot();
    expect(lowered.folded).toEqual(['fc2/Transpose']);
    expect(lowered.kernels.some((k) => k.info.opType === 'Transpose')).toBe(false);
    expect(lowered.shapes.get('logits')).toEqual([2, 10]);
  });

  it('generates the same WGSL as before', () => {
    const byKey = new Map(lowered.kernels.map(({ info }) => [`${info.variant}${info.inPlace ? ' in place' : ''}`, info.wgsl]));
    for (const [variant, wgsl] of byKey) expect(wgsl).toMatchSnapshot(variant);
  });
});
