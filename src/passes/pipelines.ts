// Named pipelines: ordered lists of passes, as data. The framework-style presets live in
// presets/ (one file per framework family); docs/pipelines.md describes each one.
import type { Model, Tensor } from '../ir/types.ts';
import { eliminateDeadCode } from './cleanup/eliminate-dead-code.ts';
import { foldConstants } from './cleanup/fold-constants.ts';
import type { Pass } from './pass.ts';
import { COMPILER_PIPELINES } from './presets/compilers.ts';
import { ORT_PIPELINES } from './presets/onnxruntime.ts';
import { PRECISION_PIPELINES } from './presets/precision.ts';
import { TENSORRT_PIPELINES } from './presets/tensorrt.ts';

/** Runs a model (exported ONNX bytes) on inputs: onnxruntime-node in the CLI, onnxruntime-web in the app. */
export type ModelRunner = (modelBytes: Uint8Array, inputs: readonly Tensor[], outputNames?: readonly string[]) => Promise<Tensor[]>;

export interface PrepareEnv {
  readonly run: ModelRunner;
  /** Calibration inputs (test_data_set_K/input_N.pb); seeded random inputs when absent. */
  readonly samples?: readonly (readonly Tensor[])[];
  readonly seed?: number;
}

export interface PipelineDef {
  readonly description: string;
  readonly passes: readonly Pass[];
  /**
   * For pipelines whose passes depend on running the model first (int8 calibration): returns the
   * passes to run after `passes`. Pure pipelines leave it out.
   */
  readonly prepare?: (model: Model, env: PrepareEnv) => Promise<readonly Pass[]>;
  /** What `prepare` does and the passes it returns, in words and pass ids (for listings). */
  readonly prepareSteps?: readonly string[];
  /**
   * Largest rel L2 between the optimized and the original outputs that still counts as correct:
   * 1e-4 for float32 rewrites (the default), 1e-2 for fp16, the accuracy report's bound for int8.
   */
  readonly tolerance?: number;
}

/** The bound for pipelines that declare none: float32 rewrites change only rounding. */
export const FLOAT32_TOLERANCE = 1e-4;

export const PIPELINES: Readonly<Record<string, PipelineDef>> = {
  none: { description: 'Import and export only.', passes: [] },
  cleanup: { description: 'Fold constants, then remove what nothing reads any more.', passes: [foldConstants, eliminateDeadCode] },
  ...ORT_PIPELINES,
  ...TENSORRT_PIPELINES,
  ...COMPILER_PIPELINES,
  ...PRECISION_PIPELINES,
};

/** The rel L2 bound a pipeline's result is checked against. */
export function pipelineTolerance(def: PipelineDef): number {
  return def.tolerance ?? FLOAT32_TOLERANCE;
}
