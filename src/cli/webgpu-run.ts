// Runs a model on Kiln's WebGPU kernels in Node through Dawn (the `webgpu` package).
import type { Model, Tensor } from '../ir/types.ts';
import { createNodeGpu } from '../node/dawn.ts';
import { compileModel } from '../webgpu-backend/compile.ts';
import type { BackendRun } from './backends.ts';
import { inputShapesOf } from './backends.ts';
import { formatBytes } from './format.ts';

/** `inputValues`: graph inputs fixed at compile time (CompileOptions.inputValues). */
export async function runOnWebGpu(model: Model, inputs: readonly Tensor[], runs: number, inputValues?: Readonly<Record<string, Tensor>>): Promise<BackendRun> {
  const gpu = await createNodeGpu();
  const compiled = await compileModel(gpu.device, model, { inputShapes: inputShapesOf(model, inputs), ...(inputValues ? { inputValues } : {}) });
  try {
    let outputs: Tensor[] = [];
    const runMs: number[] = [];
    let source = 'cpu';
    for (let i = 0; i < runs; i++) {
      const r = await compiled.run(inputs);
      outputs = r.outputs;
      runMs.push(r.timing.totalMs);
      source = r.timing.source;
    }
    const notes = [
      `${compiled.plan.kernels.length} kernels; peak activation memory ${formatBytes(compiled.memory.peakActivationBytes)}; weights ${formatBytes(compiled.memory.weightBytes)}`,
      `timing from ${source === 'gpu-timestamps' ? 'GPU timestamp queries' : 'CPU clock'}`,
    ];
    return { outputs, runMs, notes };
  } finally {
    compiled.destroy();
  }
}
