// Silero VAD v5 (public/models/silero-vad.onnx) on Kiln's kernels against onnxruntime, streaming
// three 512-sample chunks with the state carried over. Tolerance: rel L2 <= 1e-3 per output.
// The model is an If on the sample rate (decided on the CPU from the `sr` input), whose 16 kHz
// branch holds the STFT (reflect Pad, Conv1d), four Conv1d+Relu, the LSTM and the decoder; the
// 8 kHz branch only fits 256 samples and is set aside, as onnxruntime fails on it too.
import { describe, expect, it } from 'vitest';
import { exportModel } from '../../../ir/onnx/export.ts';
import { tensorFromNumbers } from '../../../ir/tensor.ts';
import type { Tensor } from '../../../ir/types.ts';
import { createNodeGpu } from '../../../node/dawn.ts';
import { compareOutputs } from '../../../reference/compare.ts';
import { runOrt } from '../../../reference/ort-node.ts';
import { loadModel, modelsDir } from '../../../test-support/models.ts';
import { checkSupport, compileModel } from '../../compile.ts';

const REL_L2 = 1e-3;

function chunk(k: number): Tensor {
  return tensorFromNumbers('input', 'float32', [1, 512], Array.from({ length: 512 }, (_, i) => 0.3 * Math.sin((i + 512 * k) / 7) + 0.1 * Math.cos((i + 512 * k) / 3)));
}

describe('Silero VAD', () => {
  const model = loadModel(`${modelsDir}silero-vad.onnx`);
  const inputShapes = { input: [1, 512], state: [2, 1, 128], sr: [] };

  it('compiles fully', () => {
    expect(checkSupport(model, { inputShapes })).toEqual([]);
  });

  it('streams three chunks like onnxruntime, deciding the sample-rate If on the CPU', async () => {
    const sr = tensorFromNumbers('sr', 'int64', [], [16000]);
    const { device, wgslLanguageFeatures } = await createNodeGpu();
    const compiled = await compileModel(device, model, { inputShapes, wgslLanguageFeatures });
    // Every kernel sits in the 16 kHz branch; the sample-rate Equal runs on the CPU, no kernel.
    expect(compiled.plan.kernels.every((k) => k.guards?.[0]?.ifId === 'If_0' && k.guards[0].branch === 'then')).toBe(true);
    expect(compiled.plan.kernels.some((k) => k.opType === 'Equal')).toBe(false);
    expect(compiled.plan.kernels.filter((k) => k.opType === 'LSTM').map((k) => k.variant)).toEqual(['rnn-projection-bias', 'lstm-step-h-c']);
    const bytes = exportModel(model);
    let state = tensorFromNumbers('state', 'float32', [2, 1, 128], new Array<number>(256).fill(0));
    for (let k = 0; k < 3; k++) {
      const inputs = [chunk(k), state, sr];
      const result = await compiled.run(inputs);
      const expected = await runOrt(bytes, inputs);
      for (const cmp of compareOutputs(result.outputs, expected)) {
        expect(cmp.problem).toBeUndefined();
        expect(cmp.relL2).toBeLessThanOrEqual(REL_L2);
      }
      state = { ...expected[1]!, name: 'state' };
    }
    // 8 kHz is the branch set aside: a run that takes it says why.
    const error = await compiled.run([chunk(0), state, tensorFromNumbers('sr', 'int64', [], [8000])]).catch((e: unknown) => e);
    expect(String(error)).toMatch(/If \(If_0\) took its else branch.*LSTM/);
    compiled.destroy();
  });
});
