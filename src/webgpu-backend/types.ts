// The WebGPU backend's public data: what a compiled plan contains and what a run reports.
// compile.ts re-exports all of it; the UI and CLI read these, never the runtime's GPU objects.
import type { Tensor } from '../ir/types.ts';

export interface CompileOptions {
  /** Concrete shapes for the graph inputs (symbolic dims resolved), by input name. */
  readonly inputShapes: Readonly<Record<string, readonly number[]>>;
}

export interface KernelInfo {
  readonly id: string;
  /** The graph nodes this kernel computes (one, or several when fused). */
  readonly nodeIds: readonly string[];
  readonly opType: string;
  readonly wgsl: string;
  readonly workgroups: readonly [number, number, number];
  /** Which code shape the generator chose, e.g. 'matmul-vec4-nn' or 'binary-broadcast'. */
  readonly variant: string;
  /** Values bound read-only, in binding order (after resolving views to the value they alias). */
  readonly inputs: readonly string[];
  readonly output: string;
  /** Pipeline cache key: a hash of the WGSL and binding layout; equal keys share one pipeline. */
  readonly pipelineKey: string;
}

/** One activation buffer of the memory plan. */
export interface PlannedBuffer {
  readonly id: number;
  readonly bytes: number;
}

/**
 * A value held in an activation buffer from kernel `firstKernel` to kernel `lastKernel`
 * (inclusive; graph inputs start at 0, graph outputs last until `kernels.length`).
 */
export interface BufferAssignment {
  readonly value: string;
  readonly bufferId: number;
  readonly bytes: number;
  readonly firstKernel: number;
  readonly lastKernel: number;
}

export interface KernelPlan {
  readonly kernels: readonly KernelInfo[];
  readonly buffers: readonly PlannedBuffer[];
  readonly assignments: readonly BufferAssignment[];
  /** Values that are views of another value's buffer (Reshape, Flatten, ...): value -> viewed value. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Constants uploaded once at compile time. */
  readonly weights: readonly { readonly name: string; readonly bytes: number }[];
  /** Concrete shape of every value the plan touches. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
}

export interface MemoryStats {
  /** Largest total of GPU buffer bytes alive at once during a run (activations, not weights). */
  readonly peakActivationBytes: number;
  readonly weightBytes: number;
  /** Bytes of all activation buffers together (what reuse saved is the sum of values minus this). */
  readonly activationBufferBytes: number;
}

export interface KernelTiming {
  readonly kernelId: string;
  readonly ms: number;
}

export interface RunTiming {
  /** GPU time from the first kernel's start to the last kernel's end; CPU submit-to-done time for source 'cpu'. */
  readonly totalMs: number;
  /** One entry per kernel with 'gpu-timestamps'; empty with 'cpu' (one command buffer has no per-kernel CPU clock). */
  readonly kernels: readonly KernelTiming[];
  /** Where per-kernel times come from: GPU timestamp queries, or CPU clocks around submissions. */
  readonly source: 'gpu-timestamps' | 'cpu';
  /** CPU wall time of the whole run(): upload, kernels and read-back. */
  readonly wallMs: number;
}

export interface RunResult {
  readonly outputs: Tensor[];
  readonly timing: RunTiming;
}

export interface CompiledModel {
  readonly plan: KernelPlan;
  readonly memory: MemoryStats;
  run(inputs: readonly Tensor[]): Promise<RunResult>;
  destroy(): void;
}

export interface UnsupportedNode {
  readonly nodeId: string;
  readonly opType: string;
  readonly reason: string;
}
