// Per-kernel GPU time from timestamp queries: each kernel gets its own compute pass whose start
// and end are written to a query set, resolved and read back with the outputs.
import type { KernelTiming } from './types.ts';

// WebGPU caps a query set at 4096 queries: two per kernel.
const MAX_TIMED_KERNELS = 2048;

export class KernelTimer {
  private constructor(
    private readonly querySet: GPUQuerySet,
    private readonly resolved: GPUBuffer,
    private readonly readback: GPUBuffer,
    private readonly count: number,
  ) {}

  /** A timer for `count` kernels, or undefined when the device cannot time them. */
  static create(device: GPUDevice, count: number): KernelTimer | undefined {
    if (!device.features.has('timestamp-query') || count === 0 || count > MAX_TIMED_KERNELS) return undefined;
    const querySet = device.createQuerySet({ label: 'kiln kernel timestamps', type: 'timestamp', count: 2 * count });
    const size = 2 * count * 8;
    const resolved = device.createBuffer({ label: 'kiln timestamps', size, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const readback = device.createBuffer({ label: 'kiln timestamps readback', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    return new KernelTimer(querySet, resolved, readback, count);
  }

  passDescriptor(kernel: number, label: string): GPUComputePassDescriptor {
    return { label, timestampWrites: { querySet: this.querySet, beginningOfPassWriteIndex: 2 * kernel, endOfPassWriteIndex: 2 * kernel + 1 } };
  }

  /** After the last pass: copy the timestamps where read() can map them. */
  encodeResolve(encoder: GPUCommandEncoder): void {
    encoder.resolveQuerySet(this.querySet, 0, 2 * this.count, this.resolved, 0);
    encoder.copyBufferToBuffer(this.resolved, 0, this.readback, 0, 2 * this.count * 8);
  }

  /** `ran[k]` false: kernel k was skipped (a run-time If's other branch) and wrote no timestamps. */
  async read(kernelIds: readonly string[], ran?: readonly boolean[]): Promise<{ totalMs: number; kernels: KernelTiming[] }> {
    await this.readback.mapAsync(GPUMapMode.READ);
    const ns = new BigInt64Array(this.readback.getMappedRange().slice(0));
    this.readback.unmap();
    // Timestamps may come back out of order on some drivers; a negative span reads as 0.
    const span = (from: bigint, to: bigint) => Math.max(0, Number(to - from) / 1e6);
    const runs = (k: number) => ran?.[k] ?? true;
    const kernels = kernelIds.map((kernelId, k): KernelTiming => (runs(k) ? { kernelId, ms: span(ns[2 * k]!, ns[2 * k + 1]!) } : { kernelId, ms: 0, skipped: true }));
    const first = kernelIds.findIndex((_, k) => runs(k));
    const last = kernelIds.findLastIndex((_, k) => runs(k));
    const totalMs = first < 0 ? 0 : span(ns[2 * first]!, ns[2 * last + 1]!);
    return { totalMs, kernels };
  }

  destroy(): void {
    this.querySet.destroy();
    this.resolved.destroy();
    this.readback.destroy();
  }
}
