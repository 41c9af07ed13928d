// Dawn in Node: one cached device with timestamp queries (SwiftShader has them), a fresh one
// after release.
import { describe, expect, it } from 'vitest';
import { createNodeGpu, releaseNodeGpu } from './dawn.ts';

describe('createNodeGpu', () => {
  it('opens one device per process, with timestamp queries', async () => {
    const first = await createNodeGpu();
    expect(await createNodeGpu()).toBe(first);
    expect(first.features).toContain('timestamp-query');
    expect(typeof first.adapterInfo.vendor).toBe('string');
    expect(typeof first.adapterInfo.description).toBe('string');
  });

  it('opens a fresh device after releaseNodeGpu', async () => {
    const first = await createNodeGpu();
    await releaseNodeGpu();
    const info = await first.device.lost;
    expect(info.reason).toBe('destroyed');
    const second = await createNodeGpu();
    expect(second.device).not.toBe(first.device);
    expect(second.device.features.has('timestamp-query')).toBe(true);
  });
});
