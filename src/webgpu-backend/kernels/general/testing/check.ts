// Test support for the general kernels: one-node models in any domain and opset (oneNodeModel
// builds ai.onnx nodes at the default opset), and one assertion comparing Kiln's WebGPU result
// with onnxruntime's, output by output, at a stated tolerance (0: exact).
import { expect } from 'vitest';
import type { AttrInput } from '../../../../ir/builder.ts';
import type { DType } from '../../../../ir/dtype.ts';
import type { Model, Tensor } from '../../../../ir/types.ts';
import { compareOutputs } from '../../../../reference/compare.ts';
import { checkOnGpu, oneNodeModel, type CheckOptions, type GpuCheck, type OneNodeModel, type OperandSpec } from '../../../../node/kernel-check.ts';

export interface NodeCase {
  readonly op: string;
  /** 'com.microsoft' or 'kiln'; default ai.onnx. */
  readonly domain?: string;
  readonly operands: readonly (OperandSpec | '')[];
  readonly attrs?: Record<string, AttrInput | undefined>;
  /** Output dtypes (several outputs: out0, out1, ...); default one float32 output. */
  readonly outputs?: readonly DType[];
  /** The ai.onnx opset; default 17. */
  readonly opset?: number;
  readonly seed?: number;
  readonly range?: readonly [number, number];
}

export function nodeModel(c: NodeCase): OneNodeModel {
  const { model, inputs } = oneNodeModel(c.op, c.operands, c.attrs ?? {}, c.seed ?? 1, c.range ?? [-1, 1], c.outputs ?? ['float32']);
  const domain = c.domain ?? '';
  const opsets = [{ domain: '', version: c.opset ?? 17 }, ...(domain ? [{ domain, version: 1 }] : [])];
  const nodes = model.graph.nodes.map((n) => ({ ...n, domain }));
  return { model: { ...model, opsetImports: opsets, graph: { ...model.graph, nodes } }, inputs };
}

export interface Expectation extends CheckOptions {
  /** Largest rel L2 per output; 0 asks for exact equality. */
  readonly tolerance: number;
  /** Largest element error allowed besides (quantized outputs off by one step: 1). */
  readonly maxAbsError?: number;
  /** The variant of the first kernel (or of every kernel, in order, as an array). */
  readonly variant?: string | readonly string[];
}

/** Compiles and runs on Dawn, compares with onnxruntime, asserts, and frees the GPU objects. */
export async function expectMatchesOrt(model: Model, inputs: readonly Tensor[], e: Expectation): Promise<GpuCheck> {
  const check = await checkOnGpu(model, inputs, e.adapter ? { adapter: e.adapter } : {});
  try {
    check.comparisons.forEach((cmp, k) => {
      expect(cmp.problem, `output ${k}`).toBeUndefined();
      if (e.tolerance === 0 && e.maxAbsError === undefined) expect(cmp.maxAbsError, `output ${k} exact`).toBe(0);
      if (e.maxAbsError !== undefined) expect(cmp.maxAbsError, `output ${k} max error`).toBeLessThanOrEqual(e.maxAbsError);
      expect(cmp.relL2, `output ${k} rel L2`).toBeLessThanOrEqual(e.tolerance);
    });
    if (typeof e.variant === 'string') expect(check.compiled.plan.kernels[0]!.variant).toBe(e.variant);
    else if (e.variant) expect(check.compiled.plan.kernels.map((k) => k.variant)).toEqual(e.variant);
  } finally {
    check.compiled.destroy();
  }
  return check;
}

/** nodeModel + expectMatchesOrt. */
export async function expectNode(c: NodeCase, e: Expectation): Promise<void> {
  const { model, inputs } = nodeModel(c);
  await expectMatchesOrt(model, inputs, e);
}

/** Compiles and runs on Dawn; every element within the conformance tolerance of onnxruntime's (|a - e| <= 1e-7 + 1e-3·|e|). */
export async function expectElementwiseClose(c: NodeCase | OneNodeModel): Promise<void> {
  const { model, inputs } = 'model' in c ? c : nodeModel(c);
  const check = await checkOnGpu(model, inputs);
  try {
    compareOutputs(check.result.outputs, check.expected, 1e-3, 1e-7).forEach((cmp, k) => expect(cmp.mismatches, `output ${k}: max abs error ${cmp.maxAbsError}`).toBe(0));
  } finally {
    check.compiled.destroy();
  }
}
