// GPU validation errors at compile time name the kernel they come from.
import { describe, expect, it } from 'vitest';
import { createNodeGpu } from '../node/dawn.ts';
import { oneNodeModel } from '../node/kernel-check.ts';
import { pipelineKey } from './kernel-key.ts';
import { lowerModel } from './lower.ts';
import { createResources } from './resources.ts';

describe('createResources', () => {
  it('throws with the kernel id when its WGSL does not compile', async () => {
    const { device } = await createNodeGpu();
    const { model } = oneNodeModel('Relu', [{ dims: [5] }]);
    const lowered = lowerModel(model, { inputShapes: { in0: [5] } });
    const [kernel] = lowered.kernels;
    const wgsl = kernel!.info.wgsl.replace('max(x, 0.0)', 'max(x, undefined_name)');
    const broken = { ...lowered, kernels: [{ ...kernel!, info: { ...kernel!.info, wgsl, pipelineKey: pipelineKey(wgsl, kernel!.layout) } }] };
    await expect(createResources(device, broken)).rejects.toThrow(/^the WebGPU backend generated invalid GPU code: kernel relu0 \(unary-relu\): .*undefined_name/);
  });
});
