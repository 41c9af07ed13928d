import { describe, expect, it } from 'vitest';
import { BufferLedger } from './gpu-ledger.ts';
import { instrumentGpu, type GpuClasses } from './gpu-instrument.ts';

describe('BufferLedger', () => {
  it('tracks live bytes, the overall peak and the peak since the last mark', () => {
    const l = new BufferLedger();
    const [a, b, c] = [{}, {}, {}];
    l.create(a, 100);
    l.create(b, 50);
    l.destroy(a);
    l.mark();
    expect(l.snapshot()).toMatchObject({ liveBytes: 50, peakBytes: 150, windowPeakBytes: 50 });
    l.create(c, 30);
    l.destroy(c);
    expect(l.snapshot()).toMatchObject({ liveBytes: 50, peakBytes: 150, windowPeakBytes: 80, buffersCreated: 3, buffersDestroyed: 2 });
  });

  it('leaves buffers made by untracked work out', async () => {
    const l = new BufferLedger();
    const [a, b] = [{}, {}];
    await l.untracked(async () => {
      l.create(a, 1000);
      l.destroy(a);
    });
    l.create(b, 10);
    expect(l.snapshot()).toMatchObject({ liveBytes: 10, peakBytes: 10, buffersCreated: 1, buffersDestroyed: 0 });
  });

  it('counts a destroy once and ignores buffers it never saw', () => {
    const l = new BufferLedger();
    const a = {};
    l.create(a, 10);
    l.destroy(a);
    l.destroy(a);
    l.destroy({});
    expect(l.snapshot()).toMatchObject({ liveBytes: 0, buffersDestroyed: 1 });
  });
});

interface FakeBuffer { destroy(): void; destroyed: boolean }
interface FakePass { dispatchWorkgroups(x: number): void; dispatchWorkgroupsIndirect(b: unknown, o: number): void }
interface FakeAdapter { requestDevice(d?: unknown): Promise<unknown> }

/** Stand-ins for the WebGPU interfaces: plain classes whose methods the instrument wraps. */
function fakeGpu() {
  class GPUBuffer {
    destroyed = false;
    destroy() { this.destroyed = true; }
  }
  class GPUComputePassEncoder {
    dispatchWorkgroups(_x: number) {}
    dispatchWorkgroupsIndirect(_b: unknown, _o: number) {}
  }
  class GPUDevice {
    features = new Set(['timestamp-query']);
    limits = { maxBufferSize: 1024, maxStorageBufferBindingSize: 512 };
    createBuffer(_d: { size: number }) { return new GPUBuffer(); }
  }
  class GPUAdapter {
    async requestDevice(_d?: unknown) { return new GPUDevice(); }
  }
  class GPU {
    async requestAdapter(_o?: unknown) { return new GPUAdapter(); }
  }
  const classes: GpuClasses = { GPU, GPUAdapter, GPUDevice, GPUBuffer, GPUComputePassEncoder };
  return {
    classes,
    device: () => new GPUDevice() as unknown as { createBuffer(d: { size: number }): FakeBuffer },
    pass: () => new GPUComputePassEncoder() as FakePass,
    adapter: (o?: unknown) => new GPU().requestAdapter(o) as Promise<FakeAdapter>,
  };
}

describe('instrumentGpu', () => {
  it('counts buffers and dispatches through the wrapped prototypes', () => {
    const gpu = fakeGpu();
    const inst = instrumentGpu(gpu.classes);
    const device = gpu.device();
    const x = device.createBuffer({ size: 256 });
    const y = device.createBuffer({ size: 64 });
    x.destroy();
    const pass = gpu.pass();
    pass.dispatchWorkgroups(4);
    pass.dispatchWorkgroupsIndirect(y, 0);
    expect(inst.dispatches()).toBe(2);
    expect(inst.ledger.snapshot()).toMatchObject({ liveBytes: 64, peakBytes: 320 });
    expect(x.destroyed).toBe(true);
  });

  it('installs once per realm', () => {
    const gpu = fakeGpu();
    expect(instrumentGpu(gpu.classes)).toBe(instrumentGpu(gpu.classes));
  });

  it('records what each device request asked for and what it got', async () => {
    const gpu = fakeGpu();
    const inst = instrumentGpu(gpu.classes);
    const adapter = await gpu.adapter({ powerPreference: 'high-performance' });
    await adapter.requestDevice({ requiredFeatures: ['timestamp-query'], requiredLimits: { maxBufferSize: 1024 } });
    expect(inst.devices).toEqual([
      {
        adapterOptions: { powerPreference: 'high-performance' },
        requiredFeatures: ['timestamp-query'],
        requiredLimits: { maxBufferSize: 1024 },
        granted: { features: ['timestamp-query'], limits: { maxBufferSize: 1024, maxStorageBufferBindingSize: 512 } },
      },
    ]);
  });
});
