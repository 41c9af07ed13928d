// The typed surface of each worker. The UI calls these through Comlink (see client.ts); every
// argument and result is structured-cloneable plain data (Kiln models and tensors included).
import type { Model, Tensor } from '../ir/types.ts';
import type { ChangeRecord } from '../passes/pass.ts';
import type { MemoryStats, RunTiming } from '../webgpu-backend/compile.ts';

// ---- layout.worker.ts ------------------------------------------------------------------------

export interface LayoutRequest {
  readonly nodes: readonly { id: string; width: number; height: number }[];
  readonly edges: readonly { id: string; source: string; target: string }[];
}

export interface LayoutResult {
  /** Top-left corner of each node, by id. */
  readonly positions: Readonly<Record<string, { x: number; y: number }>>;
  readonly ms: number;
}

export interface LayoutApi {
  layout(request: LayoutRequest): Promise<LayoutResult>;
}

// ---- passes.worker.ts ------------------------------------------------------------------------

/** One pass of a pipeline run, without the Pass object (functions do not cross threads). */
export interface StepPayload {
  readonly passId: string;
  readonly title: string;
  readonly model: Model;
  readonly changes: ChangeRecord;
  readonly ms: number;
}

export interface PassesApi {
  /** Runs a named pipeline from src/passes/pipelines.ts; throws an InputError for an unknown name. */
  runPipeline(model: Model, pipelineId: string): Promise<StepPayload[]>;
}

// ---- gpu.worker.ts ---------------------------------------------------------------------------

export interface BenchmarkRequest {
  readonly model: Model;
  readonly inputs: readonly Tensor[];
  readonly inputShapes: Readonly<Record<string, readonly number[]>>;
  readonly warmups: number;
  readonly runs: number;
  /** Test hook: destroy the device after this many runs, to exercise the device-lost path. */
  readonly loseDeviceAfterRuns?: number;
}

export type BenchmarkEvent =
  | { readonly kind: 'device'; readonly adapter: string; readonly timestamps: boolean }
  | { readonly kind: 'compiled'; readonly kernels: number; readonly memory: MemoryStats; readonly ms: number }
  | { readonly kind: 'run'; readonly index: number; readonly warmup: boolean; readonly ms: number };

export interface BenchmarkResult {
  /** Outputs of the first run, in graph-output order. */
  readonly outputs: Tensor[];
  /** Latency of each timed run (warm-ups excluded). */
  readonly latenciesMs: number[];
  readonly timingSource: RunTiming['source'];
  readonly memory: MemoryStats;
  readonly kernels: number;
}

export interface GpuApi {
  benchmark(request: BenchmarkRequest, onEvent: (event: BenchmarkEvent) => void): Promise<BenchmarkResult>;
}

// ---- reference.worker.ts ---------------------------------------------------------------------

export interface ReferenceResult {
  readonly outputs: Tensor[];
  readonly ms: number;
}

export interface ReferenceApi {
  /**
   * Runs the ONNX file's bytes on onnxruntime-web (WASM): the oracle Kiln is checked against.
   * `modelKey` names the bytes, so a second run of the same model reuses its session.
   */
  run(modelKey: string, modelBytes: Uint8Array, inputs: readonly Tensor[]): Promise<ReferenceResult>;
}
