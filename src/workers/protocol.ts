// The typed surface of each worker. The UI calls these through Comlink (see client.ts); every
// argument and result is structured-cloneable plain data (Kiln models and tensors included).
import type { Model, Tensor } from '../ir/types.ts';
import type { MetricsOptions, PipelineMetrics } from '../passes/metrics/index.ts';
import type { ChangeRecord } from '../passes/pass.ts';

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

/** A named preset from src/passes/pipelines.ts, or a list of pass ids from the registry. */
export type PipelineSpec = { readonly kind: 'preset'; readonly id: string } | { readonly kind: 'custom'; readonly passIds: readonly string[] };

export interface PipelineRequest {
  readonly model: Model;
  readonly spec: PipelineSpec;
  /** Seeded random inputs for pipelines that run the model first (int8 calibration). */
  readonly samples: readonly (readonly Tensor[])[];
  readonly seed: number;
}

export type PipelineEvent =
  | { readonly kind: 'prepare'; readonly message: string }
  | { readonly kind: 'pass'; readonly index: number; readonly total: number; readonly passId: string; readonly title: string };

/** Runs exported model bytes on inputs (the page forwards it to the reference worker). */
export type ModelRunnerCallback = (modelBytes: Uint8Array, inputs: readonly Tensor[], outputNames?: readonly string[]) => Promise<Tensor[]>;

/** A pipeline's result as the compare view needs it: the final model, its figures, and where its nodes came from. */
export interface CompareEntry {
  readonly spec: PipelineSpec;
  readonly final: Model;
  readonly steps: number;
  readonly ms: number;
  readonly metrics: PipelineMetrics;
  /** Final node id -> ids of the original nodes it came from. */
  readonly origins: Readonly<Record<string, readonly string[]>>;
}

export interface PassesApi {
  /**
   * Runs a preset or a custom pass list; throws an InputError for an unknown name. `run` backs a
   * preset's `prepare` (calibration); `onEvent` sees each stage as it starts.
   */
  runPipeline(request: PipelineRequest, onEvent: (e: PipelineEvent) => void, run: ModelRunnerCallback): Promise<StepPayload[]>;
  /** Runs a pipeline and measures its result for the compare view. */
  comparePipeline(request: PipelineRequest, run: ModelRunnerCallback, options: MetricsOptions): Promise<CompareEntry>;
}

// ---- gpu.worker.ts: see gpu-protocol.ts ------------------------------------------------------

export type { BenchmarkEvent, BenchmarkRequest, BenchmarkResult, GpuApi, InputShapes, PipelinePlanRequest, PipelinePlanResult, PlanNode, PlanResult } from './gpu-protocol.ts';

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
  /**
   * Exports a Kiln model (a pipeline step) and runs it; inputs are matched to the model's inputs
   * by name and cast to their dtypes (an fp16 model reads float16). `modelKey` names the model.
   */
  runModel(modelKey: string, model: Model, inputs: readonly Tensor[]): Promise<ReferenceResult>;
  /** Runs model bytes, fetching `outputNames` (default: the graph outputs); sessions are cached by content. */
  runBytes(modelBytes: Uint8Array, inputs: readonly Tensor[], outputNames?: readonly string[]): Promise<Tensor[]>;
}
