// Times single kernels side by side on one device (scripts/bench-kernels.ts): Kiln's kernels as
// lowering makes them, and earlier versions rebuilt from git, each dispatched alone in its own
// compute pass between two timestamps — the way the executor times kernels in a run (timing.ts).
// Variants are interleaved round by round, so a stall of the shared machine hits all of them.
import { numElements } from '../../ir/tensor.ts';
import type { LoweredKernel, LoweredModel } from '../../webgpu-backend/lower.ts';
import { gpuByteLength } from '../../webgpu-backend/gpu-dtype.ts';
import { bindingBytes } from '../../webgpu-backend/plan-memory.ts';
import { bindGroupLayout } from '../../webgpu-backend/pipelines.ts';
import type { BindingKind } from '../../webgpu-backend/wgsl/shader.ts';
import { median } from '../stats.ts';

/** What a timed kernel is made of: WGSL, uniform words, byte sizes of its storage bindings. */
export interface RawKernel {
  readonly label: string;
  readonly wgsl: string;
  readonly params: Uint32Array;
  readonly layout: readonly BindingKind[];
  /** Bytes of each storage binding, in binding order (the uniform comes last and is not listed). */
  readonly bindingBytes: readonly number[];
  readonly workgroups: readonly [number, number, number];
}

/** Kernel `index` of a lowered model, with its bindings sized as the plan sizes them. */
export function rawFromLowered(lowered: LoweredModel, index = 0, label?: string): RawKernel {
  const k: LoweredKernel = lowered.kernels[index]!;
  const bytes = (v: string) => {
    const root = lowered.aliases.get(v) ?? v;
    return bindingBytes(gpuByteLength(lowered.gpuTypes.get(root)!, numElements(lowered.shapes.get(root) ?? [])));
  };
  return { label: label ?? `${k.info.variant}`, wgsl: k.info.wgsl, params: k.params, layout: k.layout, bindingBytes: k.bindings.map(bytes), workgroups: k.info.workgroups };
}

interface Ready {
  readonly kernel: RawKernel;
  readonly pipeline: GPUComputePipeline;
  readonly group: GPUBindGroup;
  readonly buffers: GPUBuffer[];
}

/** Deterministic floats in [-1, 1): plausible as float data, and as int8 codes too. */
function fill(bytes: number): Uint8Array {
  const values = new Float32Array(Math.ceil(bytes / 4));
  for (let i = 0; i < values.length; i++) values[i] = ((Math.imul(i, 2654435761) >>> 0) % 2000) / 1000 - 1;
  return new Uint8Array(values.buffer, 0, bytes);
}

function prepare(device: GPUDevice, kernel: RawKernel): Ready {
  const layout = bindGroupLayout(device, kernel.layout);
  const module = device.createShaderModule({ code: kernel.wgsl, label: kernel.label });
  const pipeline = device.createComputePipeline({ layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: 'main' } });
  const buffers = kernel.bindingBytes.map((bytes) => {
    const size = Math.ceil(bytes / 16) * 16;
    const b = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(b, 0, fill(size));
    return b;
  });
  const uniform = device.createBuffer({ size: Math.max(16, kernel.params.byteLength), usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(uniform, 0, kernel.params);
  buffers.push(uniform);
  const group = device.createBindGroup({ layout, entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  return { kernel, pipeline, group, buffers };
}

/** Milliseconds of one dispatch of `r`, from the timestamps around its pass. */
async function timeOnce(device: GPUDevice, r: Ready, query: { set: GPUQuerySet; resolve: GPUBuffer; read: GPUBuffer }): Promise<number> {
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass({ timestampWrites: { querySet: query.set, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } });
  pass.setPipeline(r.pipeline);
  pass.setBindGroup(0, r.group);
  pass.dispatchWorkgroups(...r.kernel.workgroups);
  pass.end();
  encoder.resolveQuerySet(query.set, 0, 2, query.resolve, 0);
  encoder.copyBufferToBuffer(query.resolve, 0, query.read, 0, 16);
  device.queue.submit([encoder.finish()]);
  await query.read.mapAsync(GPUMapMode.READ);
  const ns = new BigInt64Array(query.read.getMappedRange().slice(0));
  query.read.unmap();
  return Number(ns[1]! - ns[0]!) / 1e6;
}

export interface KernelTime {
  readonly label: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: number;
}

/** Medians over `rounds` interleaved rounds (order rotated each round) after `warmup` untimed ones. */
export async function timeKernels(device: GPUDevice, kernels: readonly RawKernel[], rounds = 15, warmup = 3): Promise<KernelTime[]> {
  if (!device.features.has('timestamp-query')) throw new Error('the device has no timestamp-query: kernel times need it');
  const ready = kernels.map((k) => prepare(device, k));
  const query = {
    set: device.createQuerySet({ type: 'timestamp', count: 2 }),
    resolve: device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }),
    read: device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
  };
  const times = ready.map((): number[] => []);
  try {
    for (let r = 0; r < warmup + rounds; r++) {
      for (let j = 0; j < ready.length; j++) {
        const i = (j + r) % ready.length;
        const ms = await timeOnce(device, ready[i]!, query);
        if (r >= warmup) times[i]!.push(ms);
      }
    }
  } finally {
    query.set.destroy();
    query.resolve.destroy();
    query.read.destroy();
    for (const r of ready) r.buffers.forEach((b) => b.destroy());
  }
  return ready.map((r, i) => ({ label: r.kernel.label, medianMs: median(times[i]!), minMs: Math.min(...times[i]!), runs: times[i]!.length }));
}
