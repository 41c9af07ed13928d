// STUB (being replaced by the WebGPU backend work). Types and signatures are fixed.
import { InputError } from '../ir/errors.ts';
import type { Model, Tensor } from '../ir/types.ts';

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
}

export interface KernelPlan {
  readonly kernels: readonly KernelInfo[];
}

export interface MemoryStats {
  /** Largest total of GPU buffer bytes alive at once during a run (activations, not weights). */
  readonly peakActivationBytes: number;
  readonly weightBytes: number;
}

export interface KernelTiming {
  readonly kernelId: string;
  readonly ms: number;
}

export interface RunTiming {
  readonly totalMs: number;
  readonly kernels: readonly KernelTiming[];
  /** Where per-kernel times come from: GPU timestamp queries, or CPU clocks around submissions. */
  readonly source: 'gpu-timestamps' | 'cpu';
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

/** Nodes the backend cannot lower, found before anything runs. */
export function checkSupport(_model: Model, _options: CompileOptions): UnsupportedNode[] {
  return [];
}

export async function compileModel(_device: GPUDevice, _model: Model, _options: CompileOptions): Promise<CompiledModel> {
  throw new InputError('the WebGPU backend is not written yet');
}
