// Turns what the page collected into the figures bench reports (the --json shape): per engine the
// order statistics of wall time, dispatches and peak GPU bytes, error against onnxruntime-web
// WASM, Kiln/peer ratios, and per Kiln kernel its bandwidth and rate against the microbenchmarks.
// Pure: the page calls it, and so do the tests.
import type { Tensor } from '../ir/types.ts';
import { judgeOutputs, type OutputCheck } from './output-check.ts';
import type { DeviceRequest } from './gpu-instrument.ts';
import type { MemorySnapshot } from './gpu-ledger.ts';
import type { KernelCost } from './kernel-costs.ts';
import type { MicroResult } from './micro.ts';
import type { EngineReady, RunSample } from './protocol.ts';
import { median, ratio, summarize } from './stats.ts';

export interface EngineFigures {
  readonly description: string;
  readonly pipeline?: string;
  readonly median_ms: number;
  readonly p10_ms: number;
  readonly p90_ms: number;
  /** p90 − p10 of wall time per inference. */
  readonly spread_ms: number;
  readonly min_ms: number;
  readonly runs: number;
  /** Median dispatchWorkgroups calls per timed inference (0 for WASM). */
  readonly dispatches: number;
  /** Most GPU buffer bytes live at once during the timed runs. */
  readonly peak_gpu_bytes: number;
  /** Most GPU buffer bytes live at once since the engine started (session creation or compile included). */
  readonly peak_gpu_bytes_overall: number;
  /** Worst rel L2 over the outputs against onnxruntime-web WASM on the original model; null when unknown. */
  readonly rel_l2_vs_wasm: number | null;
  readonly rel_l2_problem?: string;
  /**
   * Worst max abs error over the outputs judged by it (those of a final Sigmoid, output-check.ts);
   * absent when every output is judged by rel L2.
   */
  readonly max_abs_vs_wasm?: number | null;
  /** The bound this engine is held to (a pipeline's own bound for Kiln; 1e-3 for peers). */
  readonly tolerance: number;
  /** Every output's error is known and within the tolerance by its check: a fast wrong engine shows here. */
  readonly matches_wasm: boolean;
  readonly init_ms: number;
}

export type EngineEntry = EngineFigures | { readonly error: string; readonly pipeline?: string };

export function isFigures(e: EngineEntry | undefined): e is EngineFigures {
  return !!e && !('error' in e);
}

export interface KernelFigure {
  readonly id: string;
  readonly op: string;
  readonly variant: string;
  readonly nodes: number;
  readonly kind: KernelCost['kind'];
  readonly median_us: number;
  readonly bytes: number;
  readonly flops: number;
  readonly gb_per_s: number;
  readonly gflop_per_s: number;
  /** Bandwidth / the best vec4 copy bandwidth on the same device. */
  readonly fraction_of_copy: number | null;
  /** FLOP rate / the register-blocked matmul's rate on the same device. */
  readonly fraction_of_matmul: number | null;
}

export interface KilnPlanFigures {
  readonly kernels: number;
  readonly bytes: number;
  readonly flops: number;
  readonly planned_activation_bytes: number;
  readonly weight_bytes: number;
  readonly lower_bound_bytes: number;
  /** Median over the timed runs of the summed kernel times (GPU timestamps): wall time minus this is upload, submit and read-back. */
  readonly kernel_sum_ms: number | null;
  readonly kernel_list: readonly KernelFigure[];
}

/** Kiln over a peer, per figure: below 1 means Kiln needs less. */
export interface PeerRatios {
  readonly latency: number | null;
  readonly dispatches: number | null;
  readonly peak_gpu_bytes: number | null;
}

export interface BenchResult {
  readonly model: string;
  readonly pipeline: string | readonly string[];
  readonly best_pipeline?: string;
  readonly input_shapes: Readonly<Record<string, readonly number[]>>;
  readonly warmup: number;
  readonly runs: number;
  readonly order: 'interleaved round-robin, rotated each round';
  readonly spread: 'p90 - p10';
  readonly engines: Readonly<Record<string, EngineEntry>>;
  /** Per Kiln engine key, per peer: Kiln / peer. */
  readonly ratios: Readonly<Record<string, Readonly<Record<string, PeerRatios>>>>;
  readonly kiln_plans: Readonly<Record<string, KilnPlanFigures>>;
  readonly micro?: MicroResult;
  readonly environment: {
    readonly user_agent: string;
    readonly cross_origin_isolated: boolean;
    readonly adapter?: string;
    /** How Kiln's device was requested. */
    readonly kiln_device: string;
    readonly devices: Readonly<Record<string, readonly DeviceRequest[]>>;
  };
}

/** What the page collected for one engine. */
export interface EngineRecord {
  readonly key: string;
  readonly pipeline?: string;
  readonly tolerance: number;
  ready?: EngineReady;
  error?: string;
  readonly samples: RunSample[];
  outputs?: Tensor[];
  memory?: MemorySnapshot;
  devices: DeviceRequest[];
}

export function kernelFigures(costs: readonly KernelCost[], kernelRuns: readonly (readonly number[])[], micro: MicroResult | undefined): KernelFigure[] {
  return costs.map((k, i) => {
    const times = kernelRuns.map((r) => r[i]).filter((x): x is number => x !== undefined && Number.isFinite(x));
    const ms = times.length ? median(times) : NaN;
    const gbPerS = ms > 0 ? k.bytes / (ms * 1e6) : NaN;
    const gflopPerS = ms > 0 ? k.flops / (ms * 1e6) : NaN;
    return {
      id: k.id,
      op: k.opType,
      variant: k.variant,
      nodes: k.nodes,
      kind: k.kind,
      median_us: ms * 1000,
      bytes: k.bytes,
      flops: k.flops,
      gb_per_s: gbPerS,
      gflop_per_s: gflopPerS,
      fraction_of_copy: micro && Number.isFinite(gbPerS) ? gbPerS / micro.copyGbPerS : null,
      fraction_of_matmul: micro && Number.isFinite(gflopPerS) && k.flops > 0 ? gflopPerS / micro.matmul.gflopPerS : null,
    };
  });
}

export function engineEntry(rec: EngineRecord, reference: readonly Tensor[] | undefined, checks: readonly OutputCheck[] = []): EngineEntry {
  const pipeline = rec.pipeline !== undefined ? { pipeline: rec.pipeline } : {};
  if (rec.error !== undefined || !rec.ready) return { error: rec.error ?? 'the engine did not start', ...pipeline };
  if (!rec.samples.length) return { error: 'no timed runs completed', ...pipeline };
  const s = summarize(rec.samples.map((x) => x.ms));
  const check = judgeOutputs(rec.outputs, reference, checks);
  return {
    description: rec.ready.description,
    ...pipeline,
    median_ms: s.median,
    p10_ms: s.p10,
    p90_ms: s.p90,
    spread_ms: s.spread,
    min_ms: s.min,
    runs: s.n,
    dispatches: median(rec.samples.map((x) => x.dispatches)),
    peak_gpu_bytes: rec.memory?.windowPeakBytes ?? 0,
    peak_gpu_bytes_overall: rec.memory?.peakBytes ?? 0,
    rel_l2_vs_wasm: check.relL2,
    ...(check.problem ? { rel_l2_problem: check.problem } : {}),
    ...(checks.includes('max-abs') ? { max_abs_vs_wasm: check.maxAbs } : {}),
    tolerance: rec.tolerance,
    matches_wasm: check.relL2 !== null && check.within(rec.tolerance),
    init_ms: rec.ready.initMs,
  };
}

const orNull = (x: number | undefined) => (x === undefined ? null : x);

export function peerRatios(kiln: EngineEntry | undefined, peer: EngineEntry | undefined): PeerRatios {
  if (!isFigures(kiln) || !isFigures(peer)) return { latency: null, dispatches: null, peak_gpu_bytes: null };
  return {
    latency: orNull(ratio(kiln.median_ms, peer.median_ms)),
    dispatches: orNull(ratio(kiln.dispatches, peer.dispatches)),
    peak_gpu_bytes: orNull(ratio(kiln.peak_gpu_bytes, peer.peak_gpu_bytes)),
  };
}

/**
 * The Kiln engine with the lowest median among those whose outputs match WASM (or, when WASM
 * gave no reference at all, among all that ran: nothing is known to be wrong).
 */
export function bestKiln(engines: Readonly<Record<string, EngineEntry>>, kilnKeys: readonly string[]): string | undefined {
  const unchecked = (e: EngineFigures) => e.rel_l2_vs_wasm === null && e.rel_l2_problem === undefined;
  let best: string | undefined;
  for (const key of kilnKeys) {
    const e = engines[key];
    if (!isFigures(e) || !(e.matches_wasm || unchecked(e))) continue;
    const b = best !== undefined ? engines[best] : undefined;
    if (!isFigures(b) || e.median_ms < b.median_ms) best = key;
  }
  return best;
}

export function planFigures(ready: EngineReady | undefined, kernelRuns: readonly (readonly number[])[], micro: MicroResult | undefined): KilnPlanFigures | undefined {
  const k = ready?.kiln;
  if (!k) return undefined;
  return {
    kernels: k.kernels.length,
    bytes: k.kernels.reduce((s, x) => s + x.bytes, 0),
    flops: k.kernels.reduce((s, x) => s + x.flops, 0),
    planned_activation_bytes: k.memory.peakActivationBytes,
    weight_bytes: k.memory.weightBytes,
    lower_bound_bytes: k.memory.lowerBoundBytes,
    kernel_sum_ms: kernelRuns.some((r) => r.length) ? median(kernelRuns.filter((r) => r.length).map((r) => r.reduce((s, x) => s + (Number.isFinite(x) ? x : 0), 0))) : null,
    kernel_list: kernelFigures(k.kernels, kernelRuns, micro),
  };
}
