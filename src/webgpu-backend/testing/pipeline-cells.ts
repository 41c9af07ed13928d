// Test support (Node only): one cell of the backend × pipelines matrix. The model goes through a
// pipeline (int8 presets calibrate on onnxruntime-node), the optimized model is compiled once on
// Dawn and run once, and its outputs are compared with onnxruntime-node running the SAME
// optimized model as written (graph optimizations off): the cell judges Kiln's kernels, not the
// pipeline (src/passes/verify judges pipelines against the original model).
import { exportModel } from '../../ir/onnx/export.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import type { NodeGpu } from '../../node/dawn.ts';
import { PIPELINES, type ModelRunner } from '../../passes/pipelines.ts';
import { runPipelineDef } from '../../passes/presets/run.ts';
import { isFloat16, isInt8 } from '../../passes/verify/testing/expectations.ts';
import { compareOutputs, type Comparison } from '../../reference/compare.ts';
import { checkSupport, compileModel } from '../compile.ts';
import type { UnsupportedNode } from '../types.ts';

/** float32 end to end: kernels sum in other orders than onnxruntime's, nothing more. */
export const FLOAT32_BOUND = 1e-3;
/**
 * float16 pipelines: onnxruntime computes in float16, Kiln on a device without 'shader-f16'
 * computes in float32 and rounds to float16 only where a Cast says so (gpu-dtype.ts).
 */
export const FLOAT16_BOUND = 2e-2;
/**
 * int8 pipelines: integer kernels are exact, but requantization rounds a few values one code
 * step away from onnxruntime's fixed-point x86 kernels, and a flipped code early in a deep
 * network moves the output (kernels/general/quantized-models.test.ts). Measured over input seeds
 * 1-10 with the matrix's calibration: mlp, cnn and transformer bit-identical, paddleocr-det's
 * logits within 6e-8, silero-vad within 1e-5, paddleocr-cls (int8) 0 to 2.2e-2 (its 2-class
 * output moves by one code step of the quantized logits). The bound leaves ~2x that worst case.
 */
export const INT8_BOUND = 5e-2;

export type Precision = 'float32' | 'float16' | 'int8';

export function precisionOf(pipeline: string): Precision {
  return isInt8(pipeline) ? 'int8' : isFloat16(pipeline) ? 'float16' : 'float32';
}

export function boundOf(pipeline: string): number {
  return { float32: FLOAT32_BOUND, float16: FLOAT16_BOUND, int8: INT8_BOUND }[precisionOf(pipeline)];
}

export interface CellInput {
  readonly model: Model;
  readonly inputs: readonly Tensor[];
  readonly samples: readonly (readonly Tensor[])[];
  readonly inputShapes: Readonly<Record<string, readonly number[]>>;
}

export interface CellResult {
  readonly pipeline: string;
  readonly unsupported: readonly UnsupportedNode[];
  readonly comparisons: readonly Comparison[];
  /** Worst rel L2 over the outputs. */
  readonly relL2: number;
  readonly maxAbsError: number;
  readonly kernels: number;
  readonly nodes: number;
  readonly peakActivationBytes: number;
  readonly lowerBoundBytes: number;
  readonly ms: number;
}

export async function backendCell(c: CellInput, pipeline: string, run: ModelRunner, gpu: NodeGpu): Promise<CellResult> {
  const t0 = performance.now();
  const def = PIPELINES[pipeline]!;
  const { model } = await runPipelineDef(c.model, def, { run, samples: c.samples, seed: 1000 });
  const options = { inputShapes: c.inputShapes, wgslLanguageFeatures: gpu.wgslLanguageFeatures };
  const base = { pipeline, nodes: model.graph.nodes.length };
  const unsupported = checkSupport(model, options);
  if (unsupported.length) return { ...base, unsupported, comparisons: [], relL2: Infinity, maxAbsError: Infinity, kernels: 0, peakActivationBytes: 0, lowerBoundBytes: 0, ms: performance.now() - t0 };
  const compiled = await compileModel(gpu.device, model, options);
  try {
    const [{ outputs }, expected] = await Promise.all([compiled.run(c.inputs), run(exportModel(model), c.inputs)]);
    const comparisons = compareOutputs(outputs, expected);
    return {
      ...base,
      unsupported,
      comparisons,
      relL2: Math.max(...comparisons.map((x) => x.relL2)),
      maxAbsError: Math.max(...comparisons.map((x) => x.maxAbsError)),
      kernels: compiled.plan.kernels.length,
      peakActivationBytes: compiled.memory.peakActivationBytes,
      lowerBoundBytes: compiled.memory.lowerBoundBytes,
      ms: performance.now() - t0,
    };
  } finally {
    compiled.destroy();
  }
}
