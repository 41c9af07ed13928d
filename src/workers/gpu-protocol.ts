// The GPU worker's typed surface (re-exported by protocol.ts). Plans cross as the backend's own
// plain-data KernelPlan: kernels with their WGSL, folded nodes, views, the memory timeline.
import type { Model, Tensor } from '../ir/types.ts';
import type { KernelPlan, MemoryStats, RunTiming, UnsupportedNode } from '../webgpu-backend/compile.ts';
import type { ModelRunnerCallback, PipelineSpec } from './protocol.ts';

export type InputShapes = Readonly<Record<string, readonly number[]>>;

export interface BenchmarkRequest {
  readonly model: Model;
  readonly inputs: readonly Tensor[];
  readonly inputShapes: InputShapes;
  readonly warmups: number;
  readonly runs: number;
  /** Test hook: destroy the device after this many runs, to exercise the device-lost path. */
  readonly loseDeviceAfterRuns?: number;
  /** Test hook: wait this long before compiling, standing in for a long compile (to cancel it). */
  readonly holdCompileMs?: number;
}

export type BenchmarkEvent =
  | { readonly kind: 'device'; readonly adapter: string; readonly timestamps: boolean }
  | { readonly kind: 'compiled'; readonly kernels: number; readonly memory: MemoryStats; readonly ms: number; readonly plan: KernelPlan }
  | {
      readonly kind: 'run';
      readonly index: number;
      readonly warmup: boolean;
      readonly ms: number;
      /** Milliseconds per kernel in plan.kernels order (empty without GPU timestamps). */
      readonly kernelMs: readonly number[];
    };

export interface BenchmarkResult {
  /** Outputs of the first run, in graph-output order. */
  readonly outputs: Tensor[];
  /** Latency of each timed run (warm-ups excluded). */
  readonly latenciesMs: number[];
  /** Per timed run: milliseconds per kernel in plan.kernels order (empty lists with CPU timing). */
  readonly kernelMs: number[][];
  readonly timingSource: RunTiming['source'];
  readonly memory: MemoryStats;
  readonly kernels: number;
  readonly plan: KernelPlan;
}

/** A plan made without running anything (and without a device when there is no WebGPU). */
export interface PlanResult {
  readonly plan: KernelPlan;
  readonly memory: MemoryStats;
  /** Whose limits and variants the plan was made for: this device's, or a default GPU's. */
  readonly profile: 'device' | 'default';
}

export interface PipelinePlanRequest {
  /** The opened (original) model: the pipeline runs on it. */
  readonly model: Model;
  readonly spec: PipelineSpec;
  readonly samples: readonly (readonly Tensor[])[];
  readonly seed: number;
  readonly inputShapes: InputShapes;
}

export interface PlanNode {
  readonly id: string;
  readonly opType: string;
  readonly outputs: readonly string[];
}

export interface PipelinePlanResult extends PlanResult {
  /** Node id of the pipeline's final model -> ids of the original nodes it came from. */
  readonly origins: Readonly<Record<string, readonly string[]>>;
  /** The final model's nodes, in brief (to tell a removed node from a folded one or a view). */
  readonly nodes: readonly PlanNode[];
}

export interface GpuApi {
  benchmark(request: BenchmarkRequest, onEvent: (event: BenchmarkEvent) => void): Promise<BenchmarkResult>;
  /** Nodes the backend cannot run (no compile, no device): for the badges on the graph. */
  checkSupport(model: Model, inputShapes: InputShapes): UnsupportedNode[];
  /** Lowers a model to its kernel plan without creating GPU objects or running it. */
  plan(model: Model, inputShapes: InputShapes): Promise<PlanResult>;
  /** Runs a pipeline on the original model, then plans the result (for the kernel diff). */
  planPipeline(request: PipelinePlanRequest, run: ModelRunnerCallback): Promise<PipelinePlanResult>;
}
