// The WebGPU backend's public data: what a compiled plan contains and what a run reports.
// compile.ts re-exports all of it; the UI and CLI read these, never the runtime's GPU objects.
import type { Tensor } from '../ir/types.ts';
import type { AdapterKind, AdapterOverrides, GpuLimits } from './adapter-profile.ts';
import type { TimelineEntry } from './memory-timeline.ts';

export type { AdapterKind, AdapterOverrides, GpuLimits, TimelineEntry };

export interface CompileOptions {
  /** Concrete shapes for the graph inputs (symbolic dims resolved), by input name. */
  readonly inputShapes: Readonly<Record<string, readonly number[]>>;
  /**
   * Values fixed at compile time for graph inputs that are really parameters (axes, shapes, a
   * sample rate): they fold like constants, so ops that read them at compile time accept them and
   * If conditions on them are decided once. A run must pass the same values (else an InputError).
   */
  readonly inputValues?: Readonly<Record<string, Tensor>>;
  /** Overrides what is detected about the adapter: kernel variants ('cpu' | 'gpu'), features, lower limits. */
  readonly adapter?: AdapterOverrides;
  /**
   * WGSL language features of the GPU object (navigator.gpu.wgslLanguageFeatures; Dawn's instance
   * in Node): a device does not expose them. Default: navigator.gpu's where there is one.
   */
  readonly wgslLanguageFeatures?: Iterable<string>;
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
  /** Values read, in declared order (views resolved to the value they alias). */
  readonly inputs: readonly string[];
  /** The first output (kernels with several outputs list them all in `outputs`). */
  readonly output: string;
  readonly outputs: readonly string[];
  /** Set when the output overwrites the input's memory (the input has no binding of its own). */
  readonly inPlace?: { readonly input: string; readonly output: string };
  /** Pipeline cache key: a hash of the WGSL and binding layout; equal keys share one pipeline. */
  readonly pipelineKey: string;
  /**
   * Set inside the branches of an If decided at run time: the kernel runs only when each listed If
   * takes the listed branch (outermost first). Kernels of the branch not taken are skipped.
   */
  readonly guards?: readonly { readonly ifId: string; readonly branch: 'then' | 'else' }[];
}

/** One activation buffer of the memory plan: values live in it at byte offsets. */
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
  /** Byte offset in the buffer (a multiple of minStorageBufferOffsetAlignment, or inside a Concat region). */
  readonly offset: number;
  /** Bytes of the value in GPU memory (its dtype's GPU form, see gpu-dtype.ts). */
  readonly bytes: number;
  readonly firstKernel: number;
  readonly lastKernel: number;
  /** The value whose storage this one uses: itself, or the input it overwrote in place, or its Concat. */
  readonly storage: string;
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
  /** Ids of the nodes evaluated on the CPU at compile time (their outputs are constants). */
  readonly foldedNodes: readonly string[];
  /** Per kernel: the values live while it runs and where they sit (for memory charts). */
  readonly timeline: readonly TimelineEntry[];
  /** The adapter the kernels were generated for. */
  readonly adapter: { readonly kind: AdapterKind; readonly description: string; readonly shaderF16: boolean; readonly packed4x8: boolean };
}

export interface MemoryStats {
  /**
   * GPU bytes that activations (inputs, intermediates, outputs; not weights) take. Activation
   * buffers are made once and live as long as the compiled model, so this is also their total.
   */
  readonly peakActivationBytes: number;
  readonly weightBytes: number;
  /** Bytes of all activation buffers together (equal to the peak: every buffer lives for the whole run). */
  readonly activationBufferBytes: number;
  /** The most bytes live at one kernel in this kernel order: no plan of this order can use less. */
  readonly lowerBoundBytes: number;
}

export interface KernelTiming {
  readonly kernelId: string;
  readonly ms: number;
  /** The kernel sits in the branch of a run-time If that this run did not take (ms is 0). */
  readonly skipped?: boolean;
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
