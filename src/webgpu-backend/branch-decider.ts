// Decides, during one run, which branch each run-time If takes (control-flow.ts flattened both
// into the plan, their kernels guarded). An If is decided when the first kernel it guards comes up,
// and only when the branches around it are taken, so a condition inside an untaken branch is never
// computed. A condition with a CPU program (cond-program.ts) is evaluated from the run's input
// tensors; any other is read back from the GPU: the commands encoded so far are submitted with a
// copy of the condition's word, mapped, and encoding goes on in a fresh command encoder.
import { InputError } from '../ir/errors.ts';
import type { Tensor } from '../ir/types.ts';
import { evaluateCondProgram } from './cond-program.ts';
import { conditionValue, type Guard } from './control-flow.ts';
import type { LoweredIf, LoweredModel } from './lower.ts';
import type { GpuResources } from './resources.ts';

export class BranchDecider {
  private readonly ifs: ReadonlyMap<string, LoweredIf>;
  /** One small mappable buffer per If whose condition is read back from the GPU. */
  private readonly readbacks = new Map<string, GPUBuffer>();
  private decisions = new Map<string, boolean>();
  private inputs: ReadonlyMap<string, Tensor> = new Map();
  /** How many times this run waited for the GPU to decide an If. */
  gpuReads = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly lowered: Pick<LoweredModel, 'runtimeIfs' | 'opset'>,
    private readonly resources: Pick<GpuResources, 'locate'>,
  ) {
    this.ifs = new Map(lowered.runtimeIfs.map((r) => [r.id, r]));
    for (const r of lowered.runtimeIfs) {
      if (r.program) continue;
      const buffer = device.createBuffer({ label: `kiln If ${r.id} condition`, size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      this.readbacks.set(r.id, buffer);
    }
  }

  /** Forgets the previous run's decisions; `inputs` are this run's tensors by graph input name. */
  start(inputs: ReadonlyMap<string, Tensor>): void {
    this.decisions = new Map();
    this.inputs = inputs;
    this.gpuReads = 0;
  }

  /**
   * Whether a kernel under these guards runs. Deciding an If from the GPU submits `encoder`; the
   * encoder to go on with is returned either way.
   */
  async admit(guards: readonly Guard[], encoder: GPUCommandEncoder): Promise<{ runs: boolean; encoder: GPUCommandEncoder }> {
    for (const g of guards) {
      let taken = this.decisions.get(g.ifId);
      if (taken === undefined) {
        const r = this.ifs.get(g.ifId);
        if (!r) throw new Error(`no run-time If '${g.ifId}' in the plan`);
        if (r.program) taken = this.fromCpu(r);
        else [taken, encoder] = await this.fromGpu(r, encoder);
        this.decisions.set(g.ifId, taken);
        if (r.deadBranch && r.deadBranch.branch === (taken ? 'then' : 'else')) throw new InputError(r.deadBranch.reason, r.id);
      }
      if (taken !== (g.branch === 'then')) return { runs: false, encoder };
    }
    return { runs: true, encoder };
  }

  destroy(): void {
    this.readbacks.forEach((b) => b.destroy());
  }

  private fromCpu(r: LoweredIf): boolean {
    let t: Tensor;
    try {
      t = evaluateCondProgram(r.program!, r.cond, this.inputs, this.lowered.opset);
    } catch (e) {
      throw new InputError(`If (${r.id}): its condition could not be computed from the inputs: ${e instanceof Error ? e.message : String(e)}`, r.id);
    }
    const value = conditionValue(t);
    if (value === undefined) throw new InputError(`If (${r.id}): the condition has shape [${t.dims}], not one element`, r.id);
    return value;
  }

  private async fromGpu(r: LoweredIf, encoder: GPUCommandEncoder): Promise<[boolean, GPUCommandEncoder]> {
    const readback = this.readbacks.get(r.id)!;
    const at = this.resources.locate(r.cond);
    encoder.copyBufferToBuffer(at.buffer, at.offset, readback, 0, 4);
    this.device.queue.submit([encoder.finish()]);
    this.gpuReads++;
    await readback.mapAsync(GPUMapMode.READ);
    // bool is one u32 per element (gpu-dtype.ts): any non-zero bit is true.
    const word = new Uint32Array(readback.getMappedRange().slice(0))[0] ?? 0;
    readback.unmap();
    return [word !== 0, this.device.createCommandEncoder({ label: `kiln run after If ${r.id}` })];
  }
}
