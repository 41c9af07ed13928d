// The bundled vision models end to end on Kiln's kernels against onnxruntime on the original
// model, at the manifest's input shapes: as imported, after onnxruntime's Extended fusions
// (recognize-activations, fuse-conv-bn, fuse-bias-activation: FusedConv, kiln.HardSwish) and after
// the layout pipeline (kiln.Nhwc* ops). A final Sigmoid or Softmax can saturate and hide errors
// (onnxruntime's Sigmoid flushes outputs below ~1e-9 to 0, which PaddleOCR's detection map is
// full of with random inputs), so its input is compared too. Tolerance: relative L2 <= 1e-4
// (float32 end to end); a saturating output: max abs error <= 1e-6.
import { describe, expect, it } from 'vitest';
import { exportModel } from '../../../ir/onnx/export.ts';
import type { Model } from '../../../ir/types.ts';
import { createNodeGpu } from '../../../node/dawn.ts';
import { resolvePipeline } from '../../../passes/registry.ts';
import { compareOutputs } from '../../../reference/compare.ts';
import { runOrt } from '../../../reference/ort-node.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { bundledModels, loadModel } from '../../../test-support/models.ts';
import { checkSupport, compileModel } from '../../compile.ts';

const SATURATING = ['Sigmoid', 'Softmax'];

/** The model with the inputs of its saturating final ops added as outputs. */
function exposeLogits(model: Model): { model: Model; saturating: Set<number> } {
  const g = model.graph;
  const finals = g.outputs.map((o) => g.nodes.find((n) => n.outputs.includes(o.name)));
  const saturating = new Set(finals.flatMap((n, i) => (n && SATURATING.includes(n.opType) ? [i] : [])));
  const extra = finals.flatMap((n) => (n && SATURATING.includes(n.opType) ? [{ name: n.inputs[0]!, type: { kind: 'tensor' as const, dtype: 'float32' as const, shape: null } }] : []));
  return { model: { ...model, graph: { ...g, outputs: [...g.outputs, ...extra] } } as Model, saturating };
}

const MODELS = bundledModels().filter((m) => ['cnn', 'paddleocr-cls', 'paddleocr-det'].includes(m.id));
const PIPELINES = ['none', 'ort-extended', 'ort-layout'];

describe('bundled vision models match onnxruntime', () => {
  it.each(MODELS.flatMap((m) => PIPELINES.map((p) => [m.id, p] as const)))('%s, pipeline %s', async (id, pipeline) => {
    const entry = MODELS.find((m) => m.id === id)!;
    const { model: original, saturating } = exposeLogits(loadModel(entry.path));
    let model = original;
    for (const pass of pipeline === 'none' ? [] : resolvePipeline(pipeline)) model = pass.run(model).model;
    const inputs = randomInputs(original.graph, { seed: 1, inputs: entry.entry!.inputs });
    const inputShapes = Object.fromEntries(inputs.map((t) => [t.name, t.dims]));
    expect(checkSupport(model, { inputShapes })).toEqual([]);
    const { device, wgslLanguageFeatures } = await createNodeGpu();
    const compiled = await compileModel(device, model, { inputShapes, wgslLanguageFeatures });
    try {
      const { outputs } = await compiled.run(inputs);
      const expected = await runOrt(exportModel(original), inputs);
      compareOutputs(outputs, expected).forEach((cmp, i) => {
        expect(cmp.problem).toBeUndefined();
        if (saturating.has(i)) expect(cmp.maxAbsError).toBeLessThanOrEqual(1e-6);
        else expect(cmp.relL2, `output ${i}`).toBeLessThanOrEqual(1e-4);
      });
    } finally {
      compiled.destroy();
    }
  });
});
