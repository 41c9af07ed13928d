// Bundled models through the pipelines that produce this folder's ops, compiled on Dawn and run
// against onnxruntime (graph optimizations off) on the manifest's input shapes: every node is
// supported and every output is within rel L2 1e-3 (float32 models; fp16 ones within 2e-2).
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../ir/types.ts';
import { checkOnGpu } from '../../../node/kernel-check.ts';
import { PASSES } from '../../../passes/registry.ts';
import { randomInputs } from '../../../reference/random-inputs.ts';
import { bundledModels, loadModel } from '../../../test-support/models.ts';
import { checkSupport } from '../../compile.ts';

const FUSED = ['fuse-layer-norm', 'fuse-attention', 'fuse-elementwise', 'recognize-activations', 'fuse-bias-activation'];
const ACTIVATIONS_FIRST = ['recognize-activations', 'fuse-bias-activation', 'fuse-layer-norm', 'fuse-attention', 'fuse-elementwise'];

const CASES: [string, string[], number][] = [
  ['transformer', [], 1e-3],
  ['transformer', FUSED, 1e-3],
  ['transformer', ACTIVATIONS_FIRST, 1e-3],
  ['transformer', ['to-fp16'], 2e-2],
  ['mlp', ['fuse-matmul-add', 'fuse-bias-activation'], 1e-3],
  ['mlp', FUSED, 1e-3],
  ['cnn', FUSED, 1e-3],
  ['paddleocr-cls', [], 1e-3],
  ['paddleocr-cls', FUSED, 1e-3],
  ['paddleocr-cls', ['to-fp16'], 2e-2],
  ['mlp', ['to-fp16'], 2e-2],
];

function prepared(id: string, passes: readonly string[]): { model: Model; shapes: Record<string, readonly number[]> } {
  const c = bundledModels().find((m) => m.id === id)!;
  let model = loadModel(c.path);
  for (const p of passes) model = PASSES[p]!.run(model).model;
  return { model, shapes: Object.fromEntries((c.entry?.inputs ?? []).map((i) => [i.name, i.shape])) };
}

describe('bundled models run on the WebGPU backend as in onnxruntime', () => {
  it.each(CASES)('%s after [%s] (rel L2 <= %d)', async (id, passes, tolerance) => {
    const { model, shapes } = prepared(id, passes);
    expect(checkSupport(model, { inputShapes: shapes })).toEqual([]);
    const c = bundledModels().find((m) => m.id === id)!;
    const inputs = randomInputs(model.graph, { seed: 11, ...(c.entry?.inputs ? { inputs: c.entry.inputs } : {}) });
    const check = await checkOnGpu(model, inputs);
    try {
      for (const cmp of check.comparisons) {
        expect(cmp.problem).toBeUndefined();
        expect(cmp.relL2).toBeLessThanOrEqual(tolerance);
      }
    } finally {
      check.compiled.destroy();
    }
  });
});
