// Compile-time GPU objects: weight buffers (uploaded once), activation buffers (from the memory
// plan), one uniform buffer, pipeline and bind group per kernel. Runs reuse all of them.
// Creation sits inside error scopes so an invalid shader names its kernel, and running out of GPU
// memory is reported as such instead of as a later, confusing failure.
import { InputError } from '../ir/errors.ts';
import { numElements } from '../ir/tensor.ts';
import type { LoweredModel } from './lower.ts';
import { bindGroupLayout, forgetPipeline, pipelineFor } from './pipelines.ts';
import { bufferBytes, type MemoryPlan } from './plan-memory.ts';

export interface GpuKernel {
  readonly id: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: readonly [number, number, number];
}

export interface GpuResources {
  readonly kernels: readonly GpuKernel[];
  /** The buffer holding a value (views resolved); bind it with bindingSize(value). */
  bufferOf(value: string): GPUBuffer;
  bindingSize(value: string): number;
  destroy(): void;
}

export async function createResources(device: GPUDevice, lowered: LoweredModel, memory: MemoryPlan): Promise<GpuResources> {
  const owned: GPUBuffer[] = [];
  const valueBytes = (value: string) => numElements(lowered.shapes.get(value) ?? []) * 4;
  const root = (value: string) => lowered.aliases.get(value) ?? value;

  device.pushErrorScope('out-of-memory');
  const weights = new Map<string, GPUBuffer>();
  for (const [name, tensor] of lowered.weights) {
    const bytes = tensor.data.kind === 'raw' ? tensor.data.bytes : new Uint8Array();
    const buffer = device.createBuffer({ label: `kiln weight ${name}`, size: bufferBytes(bytes.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    new Uint8Array(buffer.getMappedRange()).set(bytes);
    buffer.unmap();
    owned.push(buffer);
    weights.set(name, buffer);
  }
  const activations = memory.buffers.map((b) => {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const buffer = device.createBuffer({ label: `kiln activation ${b.id}`, size: b.bytes, usage });
    owned.push(buffer);
    return buffer;
  });
  const uniforms = lowered.kernels.map((k) => {
    const buffer = device.createBuffer({ label: `kiln params ${k.info.id}`, size: k.params.byteLength, usage: GPUBufferUsage.UNIFORM, mappedAtCreation: true });
    new Uint32Array(buffer.getMappedRange()).set(k.params);
    buffer.unmap();
    owned.push(buffer);
    return buffer;
  });
  const outOfMemory = await device.popErrorScope();
  const destroy = () => owned.forEach((b) => b.destroy());
  if (outOfMemory) {
    destroy();
    const total = owned.reduce((s, b) => s + b.size, 0);
    throw new InputError(`not enough GPU memory for the model's buffers (${(total / 2 ** 20).toFixed(1)} MiB): ${outOfMemory.message}`);
  }

  const assigned = new Map(memory.assignments.map((a) => [a.value, activations[a.bufferId]!]));
  const bufferOf = (value: string): GPUBuffer => {
    const buffer = weights.get(root(value)) ?? assigned.get(root(value));
    if (!buffer) throw new Error(`no buffer holds value '${value}'`);
    return buffer;
  };
  // Whole words, and at least one vec4, whatever the element count (0-element tensors included).
  const bindingSize = (value: string) => Math.max(16, Math.ceil(valueBytes(value) / 4) * 4);

  const checks: Promise<string | undefined>[] = [];
  const kernels = lowered.kernels.map((k, index): GpuKernel => {
    const { info } = k;
    device.pushErrorScope('validation');
    const pipeline = pipelineFor(device, info.pipelineKey, info.wgsl, info.inputs.length);
    const entries: GPUBindGroupEntry[] = [...info.inputs, info.output].map((value, binding) => ({ binding, resource: { buffer: bufferOf(value), size: bindingSize(value) } }));
    entries.push({ binding: info.inputs.length + 1, resource: { buffer: uniforms[index]! } });
    const bindGroup = device.createBindGroup({ label: `kiln ${info.id}`, layout: bindGroupLayout(device, info.inputs.length), entries });
    checks.push(
      device.popErrorScope().then((e) => {
        if (!e) return undefined;
        forgetPipeline(device, info.pipelineKey);
        return `kernel ${info.id} (${info.variant}): ${e.message.replace(/\s+/g, ' ').slice(0, 400)}`;
      }),
    );
    return { id: info.id, pipeline, bindGroup, workgroups: info.workgroups };
  });
  const problems = (await Promise.all(checks)).filter((p): p is string => p !== undefined);
  if (problems.length) {
    destroy();
    throw new Error(`the WebGPU backend generated invalid GPU code: ${problems.join('; ')}`);
  }
  return { kernels, bufferOf, bindingSize, destroy };
}
