// Compile-time GPU objects: weight buffers (converted to their GPU form and uploaded once), the
// activation buffers of the memory plan, one uniform buffer, pipeline and bind group per kernel.
// Runs reuse all of them. Creation sits inside error scopes so an invalid shader names its kernel
// and running out of GPU memory is reported as such instead of as a later, confusing failure.
import { InputError } from '../ir/errors.ts';
import { numElements } from '../ir/tensor.ts';
import { toGpuBytes } from './gpu-convert.ts';
import { gpuByteLength } from './gpu-dtype.ts';
import { formatBytes } from './limits.ts';
import type { LoweredModel } from './lower.ts';
import { bindGroupLayout, forgetPipeline, pipelineFor } from './pipelines.ts';
import { bindingBytes } from './plan-memory.ts';

export interface GpuKernel {
  readonly id: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: readonly [number, number, number];
}

/** Where a value lives: a buffer, a byte offset and the size of its binding. */
export interface Location {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly size: number;
}

export interface GpuResources {
  readonly kernels: readonly GpuKernel[];
  /** The location of a value (views and slices resolved). */
  locate(value: string): Location;
  destroy(): void;
}

function oneLine(e: { message: string }): string {
  return e.message.replace(/\s+/g, ' ').slice(0, 400);
}

export async function createResources(device: GPUDevice, lowered: LoweredModel): Promise<GpuResources> {
  const owned: GPUBuffer[] = [];
  const root = (value: string) => lowered.aliases.get(value) ?? value;
  const valueBytes = (value: string) => gpuByteLength(lowered.gpuTypes.get(value)!, numElements(lowered.shapes.get(value) ?? []));

  device.pushErrorScope('out-of-memory');
  const weights = new Map<string, GPUBuffer>();
  for (const [name, tensor] of lowered.weights) {
    const bytes = toGpuBytes(tensor, lowered.gpuTypes.get(name)!, `weight '${name}'`);
    const buffer = device.createBuffer({ label: `kiln weight ${name}`, size: bindingBytes(bytes.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    new Uint8Array(buffer.getMappedRange()).set(bytes);
    buffer.unmap();
    owned.push(buffer);
    weights.set(name, buffer);
  }
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const activations = lowered.memory.buffers.map((b) => {
    const buffer = device.createBuffer({ label: `kiln activations ${b.id}`, size: b.bytes, usage });
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
    throw new InputError(`not enough GPU memory for the model's buffers (${formatBytes(total)}): ${oneLine(outOfMemory)}`);
  }

  const assigned = new Map(lowered.memory.assignments.map((a) => [a.value, a]));
  const locate = (value: string): Location => {
    const r = root(value);
    const size = bindingBytes(valueBytes(r));
    const weight = weights.get(r);
    if (weight) return { buffer: weight, offset: 0, size };
    const a = assigned.get(r);
    if (!a) throw new Error(`no buffer holds value '${value}'`);
    return { buffer: activations[a.bufferId]!, offset: a.offset, size };
  };

  const checks: Promise<string | undefined>[] = [];
  const kernels = lowered.kernels.map((k, index): GpuKernel => {
    const { info } = k;
    device.pushErrorScope('validation');
    const pipeline = pipelineFor(device, info.pipelineKey, info.wgsl, k.layout);
    const entries: GPUBindGroupEntry[] = k.bindings.map((value, binding) => ({ binding, resource: locate(value) }));
    entries.push({ binding: k.bindings.length, resource: { buffer: uniforms[index]! } });
    const bindGroup = device.createBindGroup({ label: `kiln ${info.id}`, layout: bindGroupLayout(device, k.layout), entries });
    checks.push(
      device.popErrorScope().then((e) => {
        if (!e) return undefined;
        forgetPipeline(device, info.pipelineKey);
        return `kernel ${info.id} (${info.variant}): ${oneLine(e)}`;
      }),
    );
    return { id: info.id, pipeline, bindGroup, workgroups: info.workgroups };
  });
  const problems = (await Promise.all(checks)).filter((p): p is string => p !== undefined);
  if (problems.length) {
    destroy();
    throw new Error(`the WebGPU backend generated invalid GPU code: ${problems.join('; ')}`);
  }
  return { kernels, locate, destroy };
}
