// Pipelines and bind group layouts, cached per device: kernels with the same key (same WGSL and
// binding layout) share one pipeline within a model and across models compiled on that device.
import { layoutKey } from './kernel-key.ts';
import type { BindingKind } from './wgsl/shader.ts';

interface DeviceCache {
  readonly pipelines: Map<string, GPUComputePipeline>;
  readonly layouts: Map<string, GPUBindGroupLayout>;
}

const caches = new WeakMap<GPUDevice, DeviceCache>();

function cacheOf(device: GPUDevice): DeviceCache {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = { pipelines: new Map(), layouts: new Map() }));
  return cache;
}

/** The bind group layout for bindings of these kinds at 0..n-1 (see wgsl/shader.ts). */
export function bindGroupLayout(device: GPUDevice, layout: readonly BindingKind[]): GPUBindGroupLayout {
  const { layouts } = cacheOf(device);
  const key = layoutKey(layout);
  let found = layouts.get(key);
  if (!found) {
    const entries: GPUBindGroupLayoutEntry[] = layout.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } }));
    found = device.createBindGroupLayout({ label: `kiln layout ${key}`, entries });
    layouts.set(key, found);
  }
  return found;
}

export function pipelineFor(device: GPUDevice, key: string, wgsl: string, layout: readonly BindingKind[]): GPUComputePipeline {
  const { pipelines } = cacheOf(device);
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ label: `kiln ${key}`, code: wgsl });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout(device, layout)] });
    pipeline = device.createComputePipeline({ label: `kiln ${key}`, layout: pipelineLayout, compute: { module, entryPoint: 'main' } });
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

/** Forgets a pipeline whose creation failed, so a later compile tries again and reports again. */
export function forgetPipeline(device: GPUDevice, key: string): void {
  cacheOf(device).pipelines.delete(key);
}
