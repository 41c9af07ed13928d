// The GPU worker's device: requested once, kept while it lives, replaced after it is lost. Every
// way of not having a GPU ends in one clear InputError sentence, never a hang.
import { InputError } from '../ir/errors.ts';

export interface GpuHandle {
  readonly device: GPUDevice;
  readonly adapter: string;
  readonly timestamps: boolean;
  /** Rejects with a clear message when the device is lost; pending work races against it. */
  readonly lost: Promise<never>;
}

let current: Promise<GpuHandle> | undefined;

export function acquireDevice(): Promise<GpuHandle> {
  current ??= requestDevice().catch((e: unknown) => {
    current = undefined;
    throw e;
  });
  return current;
}

async function requestDevice(): Promise<GpuHandle> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    throw new InputError('WebGPU is not available here (navigator.gpu is missing): use a recent Chrome or Edge, or Chromium with --enable-unsafe-webgpu');
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new InputError('WebGPU is present but no GPU adapter was found (the GPU may be blocklisted or disabled)');
  const timestamps = adapter.features.has('timestamp-query');
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredFeatures: timestamps ? ['timestamp-query'] : [],
      // Weights of real models exceed the default 128 MiB binding limit, and quantized kernels
      // (QLinearConv: input, weight, bias, scales, zero points) bind more than the default 8
      // storage buffers: ask for what the adapter has, as the Node (Dawn) path does.
      requiredLimits: {
        maxBufferSize: adapter.limits.maxBufferSize,
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
      },
    });
  } catch (e) {
    throw new InputError(`the GPU adapter refused to create a device: ${e instanceof Error ? e.message : String(e)}`);
  }
  const lost = device.lost.then((info): never => {
    current = undefined;
    const why = info.message ? `: ${info.message.split('\n')[0]}` : '';
    throw new InputError(`the GPU device was lost (${info.reason})${why}. Press Run again to start a fresh device`);
  });
  lost.catch(() => undefined); // observed by whoever races against it; never an unhandled rejection
  const info = adapter.info;
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  return { device, adapter: name, timestamps, lost };
}

/** Settles with `work`, or rejects with the device-lost message if the device goes first. */
export function unlessLost<T>(handle: GpuHandle, work: Promise<T>): Promise<T> {
  return Promise.race([work, handle.lost]);
}
