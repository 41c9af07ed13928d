// Bundled models quantized the way Kiln's pipelines quantize them (prepared as onnxruntime's
// quant_pre_process would, then quantize-dynamic, or calibrated quantize-static + fuse-qdq),
// compiled on Dawn and compared with onnxruntime running the same quantized model.
// Integer kernels are exact and requantization rounds as onnxruntime's scalar code does: the
// MLP, CNN and transformer come out bit-identical or within 1e-6 (bound: rel L2 1e-3), and Silero
// VAD, quantized inside its If branches (ConvInteger or QLinearConv there), within 5e-6. The
// PaddleOCR classifier is 50 quantized convolutions deep: onnxruntime's x86 kernels requantize
// a handful of values with fixed-point multipliers (one code step from the float formula, e.g.
// 4 of 13,824 in one conv), and float sums that differ in the last bit flip a code in the next
// DynamicQuantizeLinear; a step early on moves its 2-class output by up to a few percent. So
// there the bound is rel L2 5e-2 against onnxruntime, plus accuracy parity: Kiln's output is as
// close to the float model's as onnxruntime's is (within 1.25× + 1e-2).
import { afterAll, describe, expect, it } from 'vitest';
import { exportModel } from '../../../ir/onnx/export.ts';
import type { Model } from '../../../ir/types.ts';
import { checkOnGpu } from '../../../node/kernel-check.ts';
import { prepareInt8Passes } from '../../../passes/quantization/prepare-int8.ts';
import { quantizeDynamic } from '../../../passes/quantization/quantize-dynamic.ts';
import { prepared } from '../../../passes/quantization/testing/int8-cases.ts';
import { ortRunner } from '../../../passes/quantization/testing/ort-runner.ts';
import { compareTensors } from '../../../reference/compare.ts';
import { runOrt } from '../../../reference/ort-node.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { bundledModels } from '../../../test-support/models.ts';
import { checkSupport } from '../../compile.ts';

const run = ortRunner();
afterAll(() => run.release());

async function quantized(id: string, how: 'dynamic' | 'static') {
  const c = bundledModels().find((m) => m.id === id)!;
  const { original, model } = prepared(c);
  const entryInputs = c.entry?.inputs ? { inputs: c.entry.inputs } : {};
  let q: Model = model;
  if (how === 'dynamic') q = quantizeDynamic.run(model).model;
  else for (const p of await prepareInt8Passes(model, { method: 'minmax', count: 4, seed: 1000, ...entryInputs }, run)) q = p.run(q).model;
  const shapes = Object.fromEntries((c.entry?.inputs ?? []).map((i) => [i.name, i.shape]));
  return { original, model: q, inputs: randomInputs(q.graph, { seed: 5, ...entryInputs }), shapes };
}

describe('quantized bundled models run on the WebGPU backend as in onnxruntime', () => {
  it.each([
    ['mlp', 'dynamic', 1e-3], ['mlp', 'static', 1e-3],
    ['cnn', 'dynamic', 1e-3], ['cnn', 'static', 1e-3],
    ['transformer', 'dynamic', 1e-3], ['transformer', 'static', 1e-3],
    ['paddleocr-cls', 'dynamic', 5e-2], ['paddleocr-cls', 'static', 5e-2],
    ['silero-vad', 'dynamic', 1e-3], ['silero-vad', 'static', 1e-3],
  ] as const)('%s, %s int8 (rel L2 <= %d)', async (id, how, tolerance) => {
    const { original, model, inputs, shapes } = await quantized(id, how);
    expect(checkSupport(model, { inputShapes: shapes })).toEqual([]);
    const check = await checkOnGpu(model, inputs);
    try {
      const float = await runOrt(exportModel(original), inputs, { graphOptimizationLevel: 'disabled' });
      check.comparisons.forEach((cmp, k) => {
        expect(cmp.problem).toBeUndefined();
        expect(cmp.relL2).toBeLessThanOrEqual(tolerance);
        const kilnError = compareTensors(check.result.outputs[k]!, float[k]!).relL2;
        const ortError = compareTensors(check.expected[k]!, float[k]!).relL2;
        expect(kilnError).toBeLessThanOrEqual(1.25 * ortError + 1e-2);
        console.log(`${id} ${how}: Kiln vs onnxruntime ${cmp.relL2.toExponential(2)}; vs the float model: Kiln ${kilnError.toExponential(2)}, onnxruntime ${ortError.toExponential(2)}`);
      });
    } finally {
      check.compiled.destroy();
    }
  });
});
