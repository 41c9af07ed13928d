// The quantization family: float16 conversion and int8 quantization (dynamic, and static in QDQ
// form with calibration), plus the fusion of QDQ groups into integer ops.
//
// Registered here (runnable by id): to-fp16, quantize-dynamic, fuse-qdq. quantize-static needs a
// calibration table, so it is a factory: `quantizeStatic(table)`, or `prepareInt8Passes(model,
// { method }, run)` which calibrates and returns [quantize-static, fuse-qdq].
import type { Pass } from '../pass.ts';
import { fuseQdq } from './fuse-qdq.ts';
import { quantizeDynamic } from './quantize-dynamic.ts';
import { toFp16 } from './to-fp16.ts';

export const QUANTIZATION_PASSES: readonly Pass[] = [toFp16, quantizeDynamic, fuseQdq];

export { accuracyReport, formatAccuracy, type AccuracyReport, type OutputAccuracy } from './accuracy.ts';
export { calibrate, calibrationTensors, exposeOutputs, CALIBRATION_METHODS, type CalibrateOptions, type CalibrationMethod, type CalibrationTable, type TensorRange } from './calibrate.ts';
export { fuseQdq } from './fuse-qdq.ts';
export { prepareInt8Passes, randomSamples, type PrepareInt8Options } from './prepare-int8.ts';
export { quantizeDynamic, quantizeDynamicWith, type QuantizeDynamicOptions } from './quantize-dynamic.ts';
export { quantizeStatic, type QuantizeStaticOptions } from './quantize-static.ts';
export type { Runner } from './runner.ts';
export { toFp16, toFp16With, type ToFp16Options } from './to-fp16.ts';
export { DEFAULT_FP16_BLOCK_LIST } from './fp16-ops.ts';
