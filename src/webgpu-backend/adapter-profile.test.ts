// The adapter profile: software adapters are recognized, Dawn's SwiftShader device reads as one,
// and overrides can force variants and lower (never raise) limits.
import { describe, expect, it } from 'vitest';
import { createNodeGpu } from '../node/dawn.ts';
import { defaultProfile, detectProfile, isSoftwareAdapter } from './adapter-profile.ts';

describe('adapter profile', () => {
  it('recognizes software adapters by flag or name', () => {
    expect(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' })).toBe(true);
    expect(isSoftwareAdapter({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'apple', architecture: 'metal-3' })).toBe(false);
  });

  it('reads Dawn on SwiftShader as a software adapter with packed_4x8 and no shader-f16', async () => {
    const { device, wgslLanguageFeatures } = await createNodeGpu();
    const profile = detectProfile(device, wgslLanguageFeatures);
    expect(profile).toMatchObject({ kind: 'cpu', shaderF16: false, packed4x8: true });
    expect(profile.limits.maxStorageBufferBindingSize).toBe(device.limits.maxStorageBufferBindingSize);
    expect(detectProfile(device, []).packed4x8).toBe(false);
  });

  it('applies overrides: kind, features, and limits only downwards', async () => {
    const { device } = await createNodeGpu();
    const profile = detectProfile(device, [], { kind: 'gpu', limits: { maxBufferSize: 1024, maxComputeWorkgroupsPerDimension: 10 ** 9, minStorageBufferOffsetAlignment: 512 } });
    expect(profile.kind).toBe('gpu');
    expect(profile.limits.maxBufferSize).toBe(1024);
    expect(profile.limits.maxComputeWorkgroupsPerDimension).toBe(device.limits.maxComputeWorkgroupsPerDimension);
    expect(profile.limits.minStorageBufferOffsetAlignment).toBe(512);
    expect(defaultProfile()).toMatchObject({ kind: 'gpu', shaderF16: false, packed4x8: false });
  });
});
