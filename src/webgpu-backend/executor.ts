// Runs a compiled plan: uploads the inputs, encodes every kernel into one command buffer (a
// compute pass each, so timestamps can bracket it), copies the outputs out and reads them back.
// Runs are serialized: they share the readback and timestamp buffers.
import { InputError } from '../ir/errors.ts';
import { numElements } from '../ir/tensor.ts';
import type { Tensor } from '../ir/types.ts';
import type { LoweredModel } from './lower.ts';
import type { GpuResources } from './resources.ts';
import { KernelTimer } from './timing.ts';
import type { CompiledModel, KernelPlan, MemoryStats, RunResult, RunTiming } from './types.ts';

export class GpuModel implements CompiledModel {
  private readonly timer: KernelTimer | undefined;
  private readonly readbacks: GPUBuffer[];
  private lostReason: string | undefined;
  private destroyed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly device: GPUDevice,
    private readonly lowered: LoweredModel,
    private readonly resources: GpuResources,
    readonly plan: KernelPlan,
    readonly memory: MemoryStats,
  ) {
    this.timer = KernelTimer.create(device, resources.kernels.length);
    this.readbacks = lowered.outputs.map((name) =>
      device.createBuffer({ label: `kiln readback ${name}`, size: resources.bindingSize(name), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    );
    void device.lost.then((info) => {
      this.lostReason = info.message || info.reason || 'unknown reason';
    });
  }

  run(inputs: readonly Tensor[]): Promise<RunResult> {
    const result = this.queue.then(() => this.runNow(inputs));
    this.queue = result.catch(() => undefined);
    return result;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.resources.destroy();
    this.timer?.destroy();
    this.readbacks.forEach((b) => b.destroy());
  }

  private lostError(): Error {
    return new Error(`the GPU device was lost (${this.lostReason}): compile the model again on a new device`);
  }

  /** Inputs by name when every tensor names a graph input, else by position. */
  private orderInputs(given: readonly Tensor[]): Tensor[] {
    const expected = this.lowered.inputs;
    if (given.length !== expected.length) throw new InputError(`the model takes ${expected.length} inputs (${expected.map((i) => i.name).join(', ')}), got ${given.length}`);
    const byName = expected.map((e) => given.find((t) => t.name === e.name));
    const ordered = byName.every((t) => t !== undefined) ? (byName as Tensor[]) : [...given];
    ordered.forEach((t, i) => {
      const { name, dims } = expected[i]!;
      if (t.dtype !== 'float32') throw new InputError(`input '${name}' is ${t.dtype}; the model was compiled for float32`);
      if (t.dims.length !== dims.length || t.dims.some((d, k) => d !== dims[k])) {
        throw new InputError(`input '${name}' has shape [${t.dims}]; the model was compiled for [${dims}]`);
      }
      if (t.data.kind !== 'raw') throw new InputError(`input '${name}' holds ${t.data.kind} data, not numbers`);
    });
    return ordered;
  }

  private async runNow(given: readonly Tensor[]): Promise<RunResult> {
    if (this.destroyed) throw new Error('this compiled model was destroyed');
    if (this.lostReason !== undefined) throw this.lostError();
    const inputs = this.orderInputs(given);
    const started = performance.now();
    const { device, resources, timer } = this;
    inputs.forEach((t, i) => {
      const bytes = t.data.kind === 'raw' ? t.data.bytes : new Uint8Array();
      if (bytes.byteLength) device.queue.writeBuffer(resources.bufferOf(this.lowered.inputs[i]!.name), 0, bytes);
    });
    device.pushErrorScope('validation');
    const encoder = device.createCommandEncoder({ label: 'kiln run' });
    resources.kernels.forEach((k, index) => {
      const pass = encoder.beginComputePass(timer ? timer.passDescriptor(index, k.id) : { label: k.id });
      pass.setPipeline(k.pipeline);
      pass.setBindGroup(0, k.bindGroup);
      pass.dispatchWorkgroups(...k.workgroups);
      pass.end();
    });
    this.lowered.outputs.forEach((name, i) => encoder.copyBufferToBuffer(resources.bufferOf(name), 0, this.readbacks[i]!, 0, resources.bindingSize(name)));
    timer?.encodeResolve(encoder);
    const submitted = performance.now();
    device.queue.submit([encoder.finish()]);
    const invalid = device.popErrorScope();
    try {
      const [outputs, gpu] = await Promise.all([this.readOutputs(), timer?.read(resources.kernels.map((k) => k.id))]);
      const error = await invalid;
      if (error) throw new Error(`the GPU rejected the run: ${error.message.replace(/\s+/g, ' ')}`);
      const done = performance.now();
      const wallMs = done - started;
      const timing: RunTiming = gpu ? { ...gpu, source: 'gpu-timestamps', wallMs } : { totalMs: done - submitted, kernels: [], source: 'cpu', wallMs };
      return { outputs, timing };
    } catch (e) {
      // A device lost mid-run fails the mapping first; its lost promise settles right after.
      await Promise.race([device.lost, new Promise((resolve) => setTimeout(resolve, 10))]);
      if (this.lostReason !== undefined) throw this.lostError();
      throw e;
    }
  }

  private async readOutputs(): Promise<Tensor[]> {
    return Promise.all(
      this.lowered.outputs.map(async (name, i) => {
        const readback = this.readbacks[i]!;
        await readback.mapAsync(GPUMapMode.READ);
        const dims = [...this.lowered.shapes.get(name)!];
        const bytes = new Uint8Array(readback.getMappedRange().slice(0, numElements(dims) * 4));
        readback.unmap();
        return { name, dtype: 'float32', dims, data: { kind: 'raw', bytes } } satisfies Tensor;
      }),
    );
  }
}
