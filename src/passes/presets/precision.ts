// Reduced-precision pipelines: float16 (onnxconverter-common's float16 conversion, which
// onnxruntime's tooling uses) and static int8 (onnxruntime's quantize_static: the model is
// prepared as quant_pre_process prepares it, calibrated by running it, then quantized in QDQ form
// and the QDQ groups fused into integer ops).
import { eliminateDeadCode } from '../cleanup/eliminate-dead-code.ts';
import { foldConstants } from '../cleanup/fold-constants.ts';
import type { Pass } from '../pass.ts';
import type { PipelineDef, PrepareEnv } from '../pipelines.ts';
import type { CalibrationMethod } from '../quantization/calibrate.ts';
import { prepareInt8Passes } from '../quantization/prepare-int8.ts';
import { toFp16 } from '../quantization/to-fp16.ts';
import type { Model } from '../../ir/types.ts';
import { ORT_BASIC_PASSES } from './onnxruntime.ts';

/** float16 keeps about three decimal digits (a 10-bit mantissa): outputs within rel L2 1e-2. */
export const FP16_TOLERANCE = 1e-2;

/**
 * The largest rel L2 the int8 accuracy figures state for static int8 (quantization/
 * int8-models.test.ts and int8-paddle.test.ts: 5e-2 to 1.2e-1 by model, paddleocr-cls's 1.2e-1
 * the widest): 8-bit activations on random inputs lose one to two decimal digits.
 */
export const INT8_TOLERANCE = 1.2e-1;

/** Default number of seeded random calibration samples when none are given. */
export const CALIBRATION_COUNT = 8;

/** `prepare` for static int8: calibrate with `method`, then quantize-static, fuse-qdq and `after`. */
export function int8Prepare(method: CalibrationMethod, after: readonly Pass[] = []): Pick<PipelineDef, 'prepare' | 'prepareSteps'> {
  return {
    prepare: async (model: Model, env: PrepareEnv) => {
      const samples = env.samples?.map((s) => [...s]);
      const passes = await prepareInt8Passes(model, { method, count: CALIBRATION_COUNT, ...(samples ? { samples } : {}), ...(env.seed !== undefined ? { seed: env.seed } : {}) }, env.run);
      return [...passes, ...after];
    },
    prepareSteps: [`calibrate (${method})`, 'quantize-static', 'fuse-qdq', ...after.map((p) => p.id)],
  };
}

export const PRECISION_PIPELINES: Readonly<Record<string, PipelineDef>> = {
  fp16: {
    description: 'Fold constants, then store weights and compute in float16, keeping inputs, outputs and precision-sensitive ops (Resize, Range, TopK, Pow, ReduceMean, ...) in float32.',
    passes: [foldConstants, eliminateDeadCode, toFp16],
    tolerance: FP16_TOLERANCE,
  },
  int8: {
    description: "onnxruntime-style static int8: the Basic level's cleanup and Conv+BatchNorm folding, MinMax calibration on sample inputs, QDQ quantization (uint8 activations, int8 per-channel weights), QDQ groups fused into QLinearConv/QLinearMatMul.",
    passes: ORT_BASIC_PASSES,
    ...int8Prepare('minmax'),
    tolerance: INT8_TOLERANCE,
  },
};
