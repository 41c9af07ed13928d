import { describe, expect, it } from 'vitest';
import { widenDescriptor } from './device-match.ts';

const adapter = {
  features: new Set(['timestamp-query', 'subgroups']),
  limits: { maxBufferSize: 1 << 30, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 8, minStorageBufferOffsetAlignment: 256 },
};

describe('widenDescriptor', () => {
  it('adds what the peer asked for, within what the adapter has', () => {
    const d = widenDescriptor(
      { requiredFeatures: ['timestamp-query'], requiredLimits: { maxBufferSize: 1 << 30 } },
      { features: ['subgroups', 'shader-f16'], limits: { maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10, minStorageBufferOffsetAlignment: 32, maxUnknown: 5 } },
      adapter,
    );
    expect(d.requiredFeatures).toEqual(['timestamp-query', 'subgroups']);
    expect(d.requiredLimits).toEqual({ maxBufferSize: 1 << 30, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 8 });
  });

  it('never lowers a limit the app asked for', () => {
    const d = widenDescriptor({ requiredLimits: { maxBufferSize: 1 << 30 } }, { features: [], limits: { maxBufferSize: 1 << 20 } }, adapter);
    expect(d.requiredLimits).toEqual({ maxBufferSize: 1 << 30 });
  });
});
