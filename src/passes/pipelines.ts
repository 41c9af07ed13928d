// Named pipelines: ordered lists of passes, as data.
import type { Model, Tensor } from '../ir/types.ts';
import { eliminateDeadCode } from './cleanup/eliminate-dead-code.ts';
import { foldConstants } from './cleanup/fold-constants.ts';
import type { Pass } from './pass.ts';

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
  /**
   * Largest rel L2 between the optimized and the original outputs that still counts as correct:
   * 1e-4 for float32 rewrites (the default), 1e-2 for fp16, the accuracy report's bound for int8.
   */
  readonly tolerance?: number;
}

export const PIPELINES: Readonly<Record<string, PipelineDef>> = {
  none: { description: 'Import and export only.', passes: [] },
  cleanup: { description: 'Fold constants, then remove what nothing reads any more.', passes: [foldConstants, eliminateDeadCode] },
};
