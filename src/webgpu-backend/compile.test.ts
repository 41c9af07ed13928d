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

/** The lower bound recomputed from the plan: exact bytes of distinct storage live at each kernel. */
function boundFromLifetimes(plan: KernelPlan): number {
  let bound = 0;
  for (let t = 0; t <= plan.kernels.length; t++) {
    const live = plan.assignments.filter((a) => a.firstKernel <= t && t <= a.lastKernel);
    const byStorage = new Map<string, number>();
    for (const a of live) byStorage.set(a.storage, Math.max(byStorage.get(a.storage) ?? 0, a.bytes));
    bound = Math.max(bound, [...byStorage.values()].reduce((s, b) => s + b, 0));
  }
  return bound;
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

  it('reports peak activation bytes (all its buffers) within 10% of the lower bound, values never clobbered', async () => {
    const { device } = await createNodeGpu();
    const compiled = await compileModel(device, mlp, { inputShapes: { x: [2, 784] } });
    const { plan, memory } = compiled;
    expect(memory.peakActivationBytes).toBe(plan.buffers.reduce((s, b) => s + b.bytes, 0));
    expect(memory.lowerBoundBytes).toBe(boundFromLifetimes(plan));
    expect(memory.peakActivationBytes).toBeLessThanOrEqual(memory.lowerBoundBytes * 1.1);
    // Values whose bytes overlap in one buffer never live at the same time, unless one overwrites the other in place.
    for (const a of plan.assignments) {
      expect(a.offset + a.bytes).toBeLessThanOrEqual(plan.buffers.find((b) => b.id === a.bufferId)!.bytes);
      for (const b of plan.assignments) {
        const overlap = a !== b && a.bufferId === b.bufferId && a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
        if (overlap && a.storage !== b.storage) expect(a.lastKernel < b.firstKernel || b.lastKernel < a.firstKernel).toBe(true);
      }
    }
    expect(plan.kernels.filter((k) => k.inPlace).map((k) => k.id)).toEqual(['fc1/Add', 'relu1', 'fc2/Add', 'relu2']);
    expect(plan.timeline).toHaveLength(plan.kernels.length);
    // The Constant weight reaches the GPU transposed, folded at compile time: same bytes.
    const weights = mlp.graph.initializers.reduce((s, t) => s + t.dims.reduce((p, d) => p * d, 4), 0) + 64 * 128 * 4;
    expect(memory.weightBytes).toBe(weights);
    compiled.destroy();
  });

  it('folds the constant Transpose at compile time: no Transpose kernel', async () => {
    const { device } = await createNodeGpu();
    const compiled = await compileModel(device, mlp, { inputShapes: { x: [2, 784] } });
    expect(compiled.plan.foldedNodes).toEqual(['fc2/Transpose']);
    expect(compiled.plan.kernels.map((k) => k.opType)).toEqual(['MatMul', 'Add', 'Relu', 'MatMul', 'Add', 'Relu', 'Gemm']);
    expect(compiled.plan.adapter.kind).toBe('cpu');
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
    // The backend now runs every op of the CNN: its vision ops moved to a domain it does not know
    // keep this a real model with unsupported nodes.
    const illegalOps = new Set(['Conv', 'BatchNormalization', 'MaxPool', 'GlobalAveragePool']);
    const nodes = cnn.graph.nodes.map((n) => (illegalOps.has(n.opType) ? { ...n, domain: 'org.example' } : n));
    const unknown = { ...cnn, opsetImports: [...cnn.opsetImports, { domain: 'org.example', version: 1 }], graph: { ...cnn.graph, nodes } };
    const unsupported = checkSupport(unknown, { inputShapes: {} });
    expect(unsupported.map((u) => u.nodeId)).toEqual(cnn.graph.nodes.filter((n) => illegalOps.has(n.opType)).map((n) => n.id));
    expect(unsupported[0]).toEqual({ nodeId: 'stem/Conv', opType: 'Conv', reason: 'org.example.Conv is not supported' });
    const { device } = await createNodeGpu();
    const error = await compileModel(device, unknown, { inputShapes: { image: [1, 3, 32, 32] } }).catch((e: unknown) => e);
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`^Kiln's WebGPU backend cannot run ${unsupported.length} nodes: Conv \\(stem/Conv: org\\.example\\.Conv is not supported\\), BatchNormalization \\(stem/BatchNormalization: `));
  });

  it('reports dtypes without a GPU form, or that the op does not take, with the node and input', () => {
    const b = new GraphBuilder();
    const [x, y] = [b.input('x', 'float64', [3]), b.input('y', 'float64', [3])];
    b.node('Add', [x, y], { name: 'sum', outputs: ['z'] });
    b.node('Sqrt', [b.input('i', 'int32', [3])], { name: 'root', outputs: ['r'] });
    b.output('z', 'float64');
    b.output('r', 'int32');
    expect(checkSupport(makeModel(b.build()), { inputShapes: {} })).toEqual([
      { nodeId: 'sum', opType: 'Add', reason: "input 'x' is float64: float64 tensors have no WebGPU representation in Kiln" },
      { nodeId: 'root', opType: 'Sqrt', reason: "input 'i' is int32; Sqrt takes float32, float16" },
    ]);
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
