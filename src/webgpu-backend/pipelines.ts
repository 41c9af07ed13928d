// Pipelines and bind group layouts, cached per device: kernels with the same key (same WGSL and
// binding count) share one pipeline within a model and across models compiled on that device.

interface DeviceCache {
  readonly pipelines: Map<string, GPUComputePipeline>;
  readonly layouts: Map<number, GPUBindGroupLayout>;
}

const caches = new WeakMap<GPUDevice, DeviceCache>();

function cacheOf(device: GPUDevice): DeviceCache {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = { pipelines: new Map(), layouts: new Map() }));
  return cache;
}

/** Inputs at 0..n-1 (read-only storage), output at n, params at n+1 (see wgsl/shader.ts). */
export function bindGroupLayout(device: GPUDevice, inputCount: number): GPUBindGroupLayout {
  const { layouts } = cacheOf(device);
  let layout = layouts.get(inputCount);
  if (!layout) {
    const entries: GPUBindGroupLayoutEntry[] = [];
    for (let i = 0; i < inputCount; i++) entries.push({ binding: i, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } });
    entries.push({ binding: inputCount, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } });
    entries.push({ binding: inputCount + 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } });
    layout = device.createBindGroupLayout({ label: `kiln ${inputCount}-input layout`, entries });
    layouts.set(inputCount, layout);
  }
  return layout;
}

export function pipelineFor(device: GPUDevice, key: string, wgsl: string, inputCount: number): GPUComputePipeline {
  const { pipelines } = cacheOf(device);
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ label: `kiln ${key}`, code: wgsl });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout(device, inputCount)] });
    pipeline = device.createComputePipeline({ label: `kiln ${key}`, layout, compute: { module, entryPoint: 'main' } });
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

/** Forgets a pipeline whose creation failed, so a later compile tries again and reports again. */
export function forgetPipeline(device: GPUDevice, key: string): void {
  cacheOf(device).pipelines.delete(key);
}
