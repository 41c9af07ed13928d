// Runs a compiled plan: converts and uploads the inputs, encodes every kernel into one command
// buffer (a compute pass each, so timestamps can bracket it), copies the outputs out, reads them
// back and converts them to their ONNX dtypes. Kernels in the branches of an If decided at run time
// run for the taken branch only (branch-decider.ts); a condition read back from the GPU splits the
// run into two submissions. Runs are serialized: they share the read-back and timestamp buffers.
// Device loss and out-of-memory surface as DeviceLostError / InputError.
import { InputError } from '../ir/errors.ts';
import type { Tensor } from '../ir/types.ts';
import { BranchDecider } from './branch-decider.ts';
import { DeviceLostError, outOfMemoryError } from './gpu-errors.ts';
import { fromGpuBytes, toGpuBytes } from './gpu-convert.ts';
import { checkFixedInput } from './input-values.ts';
import type { LoweredModel } from './lower.ts';
import type { GpuResources } from './resources.ts';
import { KernelTimer } from './timing.ts';
import type { CompiledModel, KernelPlan, MemoryStats, RunResult, RunTiming } from './types.ts';

export class GpuModel implements CompiledModel {
  private readonly timer: KernelTimer | undefined;
  private readonly readbacks: GPUBuffer[];
  private readonly branches: BranchDecider;
  private lost: { reason: string; detail: string } | undefined;
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
    this.branches = new BranchDecider(device, lowered, resources);
    this.readbacks = lowered.outputs.map((name) =>
      device.createBuffer({ label: `kiln readback ${name}`, size: resources.locate(name).size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    );
    void device.lost.then((info) => {
      this.lost = { reason: info.reason, detail: info.message || info.reason || 'unknown reason' };
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
    this.branches.destroy();
    this.readbacks.forEach((b) => b.destroy());
  }

  private lostError(): DeviceLostError {
    return new DeviceLostError(this.lost?.reason ?? 'unknown', this.lost?.detail ?? 'unknown reason');
  }

  /** Inputs by name when every tensor names a graph input, else by position. */
  private orderInputs(given: readonly Tensor[]): Tensor[] {
    const expected = this.lowered.inputs;
    if (given.length !== expected.length) throw new InputError(`the model takes ${expected.length} inputs (${expected.map((i) => i.name).join(', ')}), got ${given.length}`);
    const byName = expected.map((e) => given.find((t) => t.name === e.name));
    const ordered = byName.every((t) => t !== undefined) ? (byName as Tensor[]) : [...given];
    ordered.forEach((t, i) => {
      const { name, dims } = expected[i]!;
      const dtype = this.lowered.gpuTypes.get(name)!.dtype;
      if (t.dtype !== dtype) throw new InputError(`input '${name}' is ${t.dtype}; the model was compiled for ${dtype}`);
      if (t.dims.length !== dims.length || t.dims.some((d, k) => d !== dims[k])) {
        throw new InputError(`input '${name}' has shape [${t.dims}]; the model was compiled for [${dims}]`);
      }
      if (t.data.kind !== 'raw') throw new InputError(`input '${name}' holds ${t.data.kind} data, not numbers`);
      const fixed = this.lowered.fixedInputs.get(name);
      if (fixed) checkFixedInput(fixed, t);
    });
    return ordered;
  }

  private upload(inputs: readonly Tensor[]): void {
    inputs.forEach((t, i) => {
      const name = this.lowered.inputs[i]!.name;
      // A value fixed at compile time lives in its weight buffer already (and equals t).
      if (this.lowered.fixedInputs.has(name)) return;
      const bytes = toGpuBytes(t, this.lowered.gpuTypes.get(name)!, `input '${name}'`);
      const at = this.resources.locate(name);
      this.device.queue.writeBuffer(at.buffer, at.offset, bytes, 0, Math.min(bytes.byteLength, at.size));
    });
  }

  /** Encodes the kernels that run (all, without run-time Ifs) and submits them; returns which ran. */
  private async submitKernels(inputs: readonly Tensor[]): Promise<boolean[]> {
    const { device, resources, timer, branches } = this;
    branches.start(new Map(inputs.map((t, i) => [this.lowered.inputs[i]!.name, t])));
    let encoder = device.createCommandEncoder({ label: 'kiln run' });
    const ran: boolean[] = [];
    for (const [index, k] of resources.kernels.entries()) {
      const guards = this.lowered.kernels[index]!.info.guards;
      if (guards) {
        const admitted = await branches.admit(guards, encoder);
        encoder = admitted.encoder;
        ran.push(admitted.runs);
        if (!admitted.runs) continue;
      } else ran.push(true);
      const pass = encoder.beginComputePass(timer ? timer.passDescriptor(index, k.id) : { label: k.id });
      pass.setPipeline(k.pipeline);
      pass.setBindGroup(0, k.bindGroup);
      pass.dispatchWorkgroups(...k.workgroups);
      pass.end();
    }
    this.lowered.outputs.forEach((name, i) => {
      const at = resources.locate(name);
      encoder.copyBufferToBuffer(at.buffer, at.offset, this.readbacks[i]!, 0, at.size);
    });
    timer?.encodeResolve(encoder);
    device.queue.submit([encoder.finish()]);
    return ran;
  }

  private async runNow(given: readonly Tensor[]): Promise<RunResult> {
    if (this.destroyed) throw new Error('this compiled model was destroyed');
    if (this.lost) throw this.lostError();
    const inputs = this.orderInputs(given);
    const started = performance.now();
    const { device, resources, timer } = this;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    this.upload(inputs);
    const submitted = performance.now();
    let scopes: Promise<GPUError | null>[] = [];
    // Popped whether or not submitting succeeds (a condition may fail to compute), so scopes stay balanced.
    const popScopes = () => (scopes = [device.popErrorScope(), device.popErrorScope()]);
    try {
      const ran = await this.submitKernels(inputs).finally(popScopes);
      const [invalid, oom] = scopes;
      const [outputs, gpu] = await Promise.all([this.readOutputs(), timer?.read(resources.kernels.map((k) => k.id), ran)]);
      const [error, memory] = await Promise.all([invalid, oom]);
      if (memory) throw outOfMemoryError('during the run', memory);
      if (error) throw new Error(`the GPU rejected the run: ${error.message.replace(/\s+/g, ' ')}`);
      const done = performance.now();
      const wallMs = done - started;
      const timing: RunTiming = gpu ? { ...gpu, source: 'gpu-timestamps', wallMs } : { totalMs: done - submitted, kernels: [], source: 'cpu', wallMs };
      return { outputs, timing };
    } catch (e) {
      // A device lost mid-run fails the mapping first; its lost promise settles right after.
      await Promise.race([device.lost, new Promise((resolve) => setTimeout(resolve, 10))]);
      if (this.lost) throw this.lostError();
      throw e;
    }
  }

  private async readOutputs(): Promise<Tensor[]> {
    return Promise.all(
      this.lowered.outputs.map(async (name, i) => {
        const readback = this.readbacks[i]!;
        await readback.mapAsync(GPUMapMode.READ);
        const bytes = new Uint8Array(readback.getMappedRange().slice(0));
        readback.unmap();
        return fromGpuBytes(name, this.lowered.shapes.get(name)!, this.lowered.gpuTypes.get(name)!, bytes);
      }),
    );
  }
}
