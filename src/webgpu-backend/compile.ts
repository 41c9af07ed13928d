// The WebGPU backend's entry points. compileModel: legality check, lowering to kernels with
// concrete shapes, the memory plan, then GPU objects made once and reused by every run. The device
// is a parameter, so the same code runs in a browser worker and in Node (Dawn).
import { numElements } from '../ir/tensor.ts';
import type { Model } from '../ir/types.ts';
import { GpuModel } from './executor.ts';
import { lowerModel } from './lower.ts';
import { planMemory } from './plan-memory.ts';
import { createResources } from './resources.ts';
import { findUnsupportedNodes } from './target.ts';
import type { CompileOptions, CompiledModel, KernelPlan, MemoryStats, UnsupportedNode } from './types.ts';

export type {
  BufferAssignment,
  CompileOptions,
  CompiledModel,
  KernelInfo,
  KernelPlan,
  KernelTiming,
  MemoryStats,
  PlannedBuffer,
  RunResult,
  RunTiming,
  UnsupportedNode,
} from './types.ts';

/** Nodes the backend cannot lower, found before anything runs. */
export function checkSupport(model: Model, _options: CompileOptions): UnsupportedNode[] {
  return findUnsupportedNodes(model);
}

/** Throws an InputError naming every unsupported node, or one about shapes, before touching the GPU. */
export async function compileModel(device: GPUDevice, model: Model, options: CompileOptions): Promise<CompiledModel> {
  const lowered = lowerModel(model, options);
  const root = (value: string) => lowered.aliases.get(value) ?? value;
  const memoryPlan = planMemory({
    inputs: lowered.inputs.map((i) => i.name),
    kernels: lowered.kernels.map((k) => k.info),
    outputs: lowered.outputs.map(root),
    bytes: (value) => numElements(lowered.shapes.get(value) ?? []) * 4,
    isWeight: (value) => lowered.weights.has(value),
  });
  const resources = await createResources(device, lowered, memoryPlan);
  const plan: KernelPlan = {
    kernels: lowered.kernels.map((k) => k.info),
    buffers: memoryPlan.buffers,
    assignments: memoryPlan.assignments,
    aliases: Object.fromEntries(lowered.aliases),
    weights: [...lowered.weights].map(([name, t]) => ({ name, bytes: numElements(t.dims) * 4 })),
    shapes: Object.fromEntries(lowered.shapes),
  };
  const memory: MemoryStats = {
    peakActivationBytes: memoryPlan.peakActivationBytes,
    weightBytes: plan.weights.reduce((s, w) => s + w.bytes, 0),
    activationBufferBytes: memoryPlan.activationBufferBytes,
  };
  return new GpuModel(device, lowered, resources, plan, memory);
}
