// Backend × pipelines: every bundled model (manifest input shapes, seed 7) under every preset of
// PIPELINES ('none' included) compiles on Dawn with no unsupported node, and its outputs match
// onnxruntime-node running the SAME optimized model (graph optimizations off). Bounds on the
// worst output's rel L2 (testing/pipeline-cells.ts): float32 1e-3, float16 2e-2, int8 5e-2
// (integer kernels are exact; a requantization rounding one code step from onnxruntime's
// fixed-point kernels moves a deep int8 network's output: up to 2.2e-2 on paddleocr-cls over ten
// input seeds, see INT8_BOUND). int8 presets calibrate
// on the verification matrix's 8 seeded samples. PaddleOCR-det is judged on its logits (its final
// Sigmoid dropped, src/passes/verify/variants.ts): with random inputs that Sigmoid's outputs are
// ~1e-10, where onnxruntime's approximate sigmoid is off by up to 68% and rel L2 says nothing.
// Each cell compiles once and runs once on the process's one device. Its memory plan is held to
// the design's goal too: activation buffers within 10% of the lower bound (plan-memory.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpu } from '../node/dawn.ts';
import { PIPELINES } from '../passes/pipelines.ts';
import { bundledCases, sessionRunner, type MatrixCase, type SessionRunner } from '../passes/verify/testing/matrix-cases.ts';
import { backendCell, boundOf, type CellResult } from './testing/pipeline-cells.ts';

const PIPELINE_NAMES = Object.keys(PIPELINES);
const rows = new Map<string, CellResult[]>();

afterAll(() => {
  const lines = [...rows].map(([id, cells]) => `${id}: ${cells.map((c) => `${c.pipeline} ${c.relL2.toExponential(1)} (${c.kernels} kernels, memory ${(c.peakActivationBytes / c.lowerBoundBytes).toFixed(2)}x, ${(c.ms / 1000).toFixed(1)} s)`).join(' | ')}`);
  console.log(`backend × pipelines:\n${lines.join('\n')}`);
});

describe.each(bundledCases().map((c) => [c.id, c] as const))('%s on Kiln WebGPU', (id, spec) => {
  let c: MatrixCase;
  let runner: SessionRunner;
  beforeAll(() => {
    c = spec.load();
    runner = sessionRunner();
    rows.set(id, []);
  });
  afterAll(() => runner.release());

  it.each(PIPELINE_NAMES)('after %s matches onnxruntime on the same model', async (pipeline) => {
    const gpu = await createNodeGpu();
    const inputShapes = Object.fromEntries(c.inputs.map((t) => [t.name, t.dims]));
    const cell = await backendCell({ ...c, inputShapes }, pipeline, runner.run, gpu);
    rows.get(id)!.push(cell);
    expect(cell.unsupported).toEqual([]);
    for (const cmp of cell.comparisons) expect(cmp.problem).toBeUndefined();
    expect(cell.relL2, `${pipeline} on ${id}: rel L2 within ${boundOf(pipeline)}`).toBeLessThanOrEqual(boundOf(pipeline));
    expect(cell.peakActivationBytes / cell.lowerBoundBytes, `${pipeline} on ${id}: activation bytes over the lower bound`).toBeLessThanOrEqual(1.1);
  });
});
