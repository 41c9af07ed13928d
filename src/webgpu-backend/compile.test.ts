// The backend end to end on Dawn: the bundled MLP against onnxruntime, legality reports, timing,
// the memory plan, and the errors a user can meet. Tolerance: relative L2 error <= 1e-5 (float32).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../ir/builder.ts';
import { isInputError } from '../ir/errors.ts';
import { createNodeGpu, openNodeGpu, releaseNodeGpu } from '../node/dawn.ts';
import { checkOnGpu } from '../node/kernel-check.ts';
import { randomInputs } from '../reference/random-inputs.ts';
import { loadModel, modelsDir } from '../test-support/models.ts';
import { checkSupport, compileModel, type KernelPlan } from './compile.ts';

const REL_L2 = 1e-5;
const mlp = loadModel(`${modelsDir}mlp.onnx`);
const cnn = loadModel(`${modelsDir}cnn.onnx`);
const mlpInputs = randomInputs(mlp.graph, { seed: 9, inputs: [{ name: 'x', shape: [2, 784] }] });

/** Peak bytes recomputed from the plan: buffers in use at each kernel step, summed. */
function peakFromLifetimes(plan: KernelPlan): number {
  let peak = 0;
  for (let t = 0; t <= plan.kernels.length; t++) {
    const live = new Set(plan.assignments.filter((a) => a.firstKernel <= t && t <= a.lastKernel).map((a) => a.bufferId));
    let bytes = 0;
    for (const id of live) bytes += plan.buffers.find((b) => b.id === id)!.bytes;
    peak = Math.max(peak, bytes);
  }
  return peak;
}

describe('the bundled MLP on WebGPU', () => {
  it('matches onnxruntime on input [2, 784] (rel L2 <= 1e-5), run after run', async () => {
    const check = await checkOnGpu(mlp, mlpInputs);
    expect(check.comparisons[0]!.problem).toBeUndefined();
    expect(check.comparisons[0]!.relL2).toBeLessThanOrEqual(REL_L2);
    // A second run reuses the same pipelines, bind groups and buffers: same bits out.
    const again = await check.compiled.run(mlpInputs);
    expect(again.outputs[0]!.data).toEqual(check.result.outputs[0]!.data);
    // Overlapping calls share readback buffers, so run() queues them rather than interleaving.
    const both = await Promise.all([check.compiled.run(mlpInputs), check.compiled.run(mlpInputs)]);
    for (const r of both) expect(r.outputs[0]!.data).toEqual(check.result.outputs[0]!.data);
    check.compiled.destroy();
  });

  it('times every kernel with GPU timestamps', async () => {
    const { device } = await createNodeGpu();
    const compiled = await compileModel(device, mlp, { inputShapes: { x: [2, 784] } });
    const { timing } = await compiled.run(mlpInputs);
    expect(timing.source).toBe('gpu-timestamps');
    expect(timing.kernels.map((k) => k.kernelId)).toEqual(compiled.plan.kernels.map((k) => k.id));
    for (const k of timing.kernels) expect(k.ms).toBeGreaterThanOrEqual(0);
    expect(timing.totalMs).toBeGreaterThan(0);
    expect(timing.totalMs).toBeGreaterThanOrEqual(Math.max(...timing.kernels.map((k) => k.ms)));
    compiled.destroy();
  });

  it('falls back to CPU timing on a device without timestamp queries', async () => {
    const { device } = await openNodeGpu({ timestampQuery: false });
    const compiled = await compileModel(device, mlp, { inputShapes: { x: [2, 784] } });
    const { timing, outputs } = await compiled.run(mlpInputs);
    expect(timing.source).toBe('cpu');
    expect(timing.kernels).toEqual([]);
    expect(timing.totalMs).toBeGreaterThan(0);
    expect(outputs[0]!.dims).toEqual([2, 10]);
    compiled.destroy();
    device.destroy();
  });

  it('reports the peak activation bytes its buffer lifetimes imply, with buffers reused', async () => {
    const { device } = await createNodeGpu();
    const compiled = await compileModel(device, mlp, { inputShapes: { x: [2, 784] } });
    const { plan, memory } = compiled;
    expect(memory.peakActivationBytes).toBe(peakFromLifetimes(plan));
    expect(plan.buffers.length).toBeLessThan(plan.assignments.length);
    // Values sharing a buffer never live at the same time, and each fits its buffer.
    for (const a of plan.assignments) {
      expect(a.bytes).toBeLessThanOrEqual(plan.buffers.find((b) => b.id === a.bufferId)!.bytes);
      for (const b of plan.assignments) {
        if (a !== b && a.bufferId === b.bufferId) expect(a.lastKernel < b.firstKernel || b.lastKernel < a.firstKernel).toBe(true);
      }
    }
    const weights = mlp.graph.initializers.reduce((s, t) => s + t.dims.reduce((p, d) => p * d, 4), 0) + 64 * 128 * 4;
    expect(memory.weightBytes).toBe(weights);
    compiled.destroy();
  });

  it('shares one pipeline between kernels with the same WGSL', async () => {
    const { device } = await createNodeGpu();
    const compiled = await compileModel(device, mlp, { inputShapes: { x: [2, 784] } });
    const key = (id: string) => compiled.plan.kernels.find((k) => k.id === id)!.pipelineKey;
    expect(key('relu1')).toBe(key('relu2'));
    expect(key('relu1')).not.toBe(key('fc1/Add'));
    compiled.destroy();
  });
});

describe('legality and user errors', () => {
  it('names every unsupported node of the bundled CNN', async () => {
    const unsupported = checkSupport(cnn, { inputShapes: {} });
    const illegalOps = new Set(['Conv', 'BatchNormalization', 'MaxPool', 'GlobalAveragePool']);
    expect(unsupported.map((u) => u.nodeId)).toEqual(cnn.graph.nodes.filter((n) => illegalOps.has(n.opType)).map((n) => n.id));
    expect(unsupported[0]).toEqual({ nodeId: 'stem/Conv', opType: 'Conv', reason: 'Conv is not supported' });
    const { device } = await createNodeGpu();
    const error = await compileModel(device, cnn, { inputShapes: { image: [1, 3, 32, 32] } }).catch((e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`^Kiln's WebGPU backend cannot run ${unsupported.length} nodes: Conv \\(stem/Conv\\), BatchNormalization \\(stem/BatchNormalization\\), `));
  });

  it('reports non-float32 data with the node and input', () => {
    const b = new GraphBuilder();
    const [x, y] = [b.input('x', 'int32', [3]), b.input('y', 'int32', [3])];
    b.node('Add', [x, y], { name: 'sum', outputs: ['z'] });
    b.output('z', 'int32');
    expect(checkSupport(makeModel(b.build()), { inputShapes: {} })).toEqual([{ nodeId: 'sum', opType: 'Add', reason: "input 'x' is int32; only float32 is supported" }]);
  });

  it('rejects missing, misnamed and mismatched input shapes before using the GPU', async () => {
    const { device } = await createNodeGpu();
    await expect(compileModel(device, mlp, { inputShapes: {} })).rejects.toThrow("input 'x' has no concrete shape: give it in inputShapes");
    await expect(compileModel(device, mlp, { inputShapes: { x: [2, 784], y: [1] } })).rejects.toThrow("inputShapes names 'y', which is not an input of the graph");
    await expect(compileModel(device, mlp, { inputShapes: { x: [2, 783] } })).rejects.toThrow("input 'x': shape [2,783] does not fit its declared shape [batch,784]");
  });

  it('rejects run inputs that differ from the compiled shapes', async () => {
    const { device } = await createNodeGpu();
    const compiled = await compileModel(device, mlp, { inputShapes: { x: [2, 784] } });
    const wrong = randomInputs(mlp.graph, { inputs: [{ name: 'x', shape: [1, 784] }] });
    await expect(compiled.run(wrong)).rejects.toThrow("input 'x' has shape [1,784]; the model was compiled for [2,784]");
    await expect(compiled.run([])).rejects.toThrow('the model takes 1 inputs (x), got 0');
    compiled.destroy();
  });

  it('rejects runs on a lost device with a clear message', async () => {
    const { device } = await createNodeGpu();
    const compiled = await compileModel(device, mlp, { inputShapes: { x: [2, 784] } });
    await releaseNodeGpu();
    await expect(compiled.run(mlpInputs)).rejects.toThrow(/^the GPU device was lost \(.*\): compile the model again on a new device$/);
    const fresh = await createNodeGpu();
    expect(fresh.device).not.toBe(device);
  });
});
