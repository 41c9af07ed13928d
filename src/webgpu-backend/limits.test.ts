// Device limits at compile time: kernels adapt where they can (2-D dispatch, several activation
// buffers) and fail with the node and the limit named where they cannot. Limits are lowered
// through the adapter overrides, so SwiftShader plays a small device. Numerics: rel L2 <= 1e-5.
import { describe, expect, it } from 'vitest';
import { createNodeGpu } from '../node/dawn.ts';
import { checkOnGpu, oneNodeModel, type OperandSpec } from '../node/kernel-check.ts';
import type { GpuLimits } from './adapter-profile.ts';
import { compileModel } from './compile.ts';

const REL_L2 = 1e-5;

async function compileWith(op: string, operands: OperandSpec[], limits: Partial<GpuLimits>, kind: 'cpu' | 'gpu' = 'cpu') {
  const { model, inputs } = oneNodeModel(op, operands);
  const { device } = await createNodeGpu();
  const inputShapes = Object.fromEntries(inputs.map((t) => [t.name, t.dims]));
  return compileModel(device, model, { inputShapes, adapter: { kind, limits } });
}

describe('device limits', () => {
  it('spreads a large 1-D workload over a 2-D dispatch', async () => {
    const { model, inputs } = oneNodeModel('Exp', [{ dims: [4001] }], {}, 3);
    const check = await checkOnGpu(model, inputs, { adapter: { limits: { maxComputeWorkgroupsPerDimension: 8 } } });
    expect(check.compiled.plan.kernels[0]!.workgroups).toEqual([8, 8, 1]);
    expect(check.comparisons[0]!.relL2).toBeLessThanOrEqual(REL_L2);
    check.compiled.destroy();
  });

  it('spreads activations over several buffers when one would pass maxBufferSize', async () => {
    const { model, inputs } = oneNodeModel('Add', [{ dims: [512] }, { dims: [512] }], {}, 4);
    const check = await checkOnGpu(model, inputs, { adapter: { limits: { maxBufferSize: 3072 } } });
    expect(check.compiled.plan.buffers.length).toBeGreaterThan(1);
    expect(check.compiled.plan.buffers.every((b) => b.bytes <= 3072)).toBe(true);
    expect(check.comparisons[0]!.relL2).toBeLessThanOrEqual(REL_L2);
    check.compiled.destroy();
  });

  it('names the node when a dispatch needs more workgroups than a dimension allows', async () => {
    const compile = compileWith('MatMul', [{ dims: [300, 4] }, { dims: [4, 4] }], { maxComputeWorkgroupsPerDimension: 8 });
    await expect(compile).rejects.toThrow("MatMul (matmul0): dispatches along y workgroups: 10, more than this device's maxComputeWorkgroupsPerDimension (8)");
  });

  it('names the node and value when a binding is larger than the device allows', async () => {
    const compile = compileWith('Add', [{ dims: [512] }, { dims: [512] }], { maxStorageBufferBindingSize: 1024 });
    await expect(compile).rejects.toThrow("Add (add0): binds 'in0' of 2.0 KiB, more than this device's maxStorageBufferBindingSize (1.0 KiB)");
  });

  it('names the node when a kernel needs more workgroup memory than the device has', async () => {
    const compile = compileWith('MatMul', [{ dims: [16, 16] }, { dims: [16, 16] }], { maxComputeWorkgroupStorageSize: 4096 }, 'gpu');
    await expect(compile).rejects.toThrow("MatMul (matmul0): uses workgroup memory: 8.0 KiB, more than this device's maxComputeWorkgroupStorageSize (4.0 KiB)");
  });
});
