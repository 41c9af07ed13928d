// Per-kernel time over the timed runs: the median of each kernel (robust to one slow run), sorted
// slowest first, with its share of the summed kernel time. Pure: the bars and the heatmap read it.
import type { KernelInfo } from '../../webgpu-backend/compile.ts';
import { median } from './check-outputs.ts';

export interface KernelRow {
  /** Position in plan.kernels (the order kernels run in). */
  readonly index: number;
  readonly kernel: KernelInfo;
  /** Median milliseconds over the timed runs that timed this kernel. */
  readonly ms: number;
  /** ms / the sum of every kernel's median (0..1). */
  readonly share: number;
}

/** `MatMul · matmul-nn-vec4`: what the bar says about a kernel. */
export function kernelLabel(k: Pick<KernelInfo, 'opType' | 'variant'>): string {
  return k.variant ? `${k.opType} · ${k.variant}` : k.opType;
}

/** Median per kernel; runs without per-kernel times (CPU timing) are skipped. */
export function kernelMedians(kernelCount: number, runs: readonly (readonly number[])[]): number[] {
  const timed = runs.filter((r) => r.length === kernelCount);
  if (timed.length === 0) return [];
  return Array.from({ length: kernelCount }, (_, k) => median(timed.map((r) => r[k]!)));
}

export function kernelBreakdown(kernels: readonly KernelInfo[], runs: readonly (readonly number[])[]): KernelRow[] {
  const medians = kernelMedians(kernels.length, runs);
  if (medians.length === 0) return [];
  const total = medians.reduce((s, ms) => s + ms, 0);
  const rows = kernels.map((kernel, index) => ({ index, kernel, ms: medians[index]!, share: total > 0 ? medians[index]! / total : 0 }));
  return rows.sort((a, b) => b.ms - a.ms || a.index - b.index);
}

/** Kernel times are often microseconds: `12.3 µs`, `0.412 ms`, `3.20 ms`. */
export function formatKernelMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0.1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  return `${ms.toFixed(2)} ms`;
}
