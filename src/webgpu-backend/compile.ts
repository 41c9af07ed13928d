// The WebGPU backend's entry points. compileModel: legality check, compile-time folding, lowering
// to kernels with static shapes for this adapter, the memory plan, then GPU objects made once and
// reused by every run. The device is a parameter, so the same code runs in a browser worker and
// in Node (Dawn).
import { numElements } from '../ir/tensor.ts';
import type { Model } from '../ir/types.ts';
import { defaultProfile, detectProfile, type AdapterProfile } from './adapter-profile.ts';
import { analyzeModel } from './analyze.ts';
import { GpuModel } from './executor.ts';
import { gpuByteLength } from './gpu-dtype.ts';
import { knownInputShapes } from './input-shapes.ts';
import { fixedInputValues } from './input-values.ts';
import { lowerModel, type LoweredModel } from './lower.ts';
import { createResources } from './resources.ts';
import { findUnsupportedNodes } from './target.ts';
import type { CompileOptions, CompiledModel, KernelPlan, MemoryStats, UnsupportedNode } from './types.ts';

export type {
  AdapterKind,
  AdapterOverrides,
  BufferAssignment,
  CompileOptions,
  CompiledModel,
  GpuLimits,
  KernelInfo,
  KernelPlan,
  KernelTiming,
  MemoryStats,
  PlannedBuffer,
  RunResult,
  RunTiming,
  TimelineEntry,
  UnsupportedNode,
} from './types.ts';
export { DeviceLostError, isDeviceLostError } from './gpu-errors.ts';
export { compileRecoverable, type RecoverableModel, type RecoverOptions } from './recover.ts';

/** Nodes the backend cannot lower, found before anything runs (input shapes sharpen the answer). */
export function checkSupport(model: Model, options: CompileOptions): UnsupportedNode[] {
  const fixed = fixedInputValues(model, options.inputShapes, options.inputValues);
  const shapes = { ...Object.fromEntries([...fixed].map(([name, t]) => [name, t.dims])), ...options.inputShapes };
  const facts = analyzeModel(model, knownInputShapes(model, shapes), Object.fromEntries(fixed));
  return findUnsupportedNodes(model, facts, defaultProfile(options.adapter));
}

/** Lowering and the memory plan without GPU objects (the app's WGSL pane plans without running). */
export function planModel(model: Model, options: CompileOptions, profile: AdapterProfile): { lowered: LoweredModel; plan: KernelPlan; memory: MemoryStats } {
  const lowered = lowerModel(model, options, profile);
  const { memory } = lowered;
  const plan: KernelPlan = {
    kernels: lowered.kernels.map((k) => k.info),
    buffers: memory.buffers,
    assignments: memory.assignments,
    aliases: Object.fromEntries(lowered.aliases),
    weights: [...lowered.weights].map(([name, t]) => ({ name, bytes: gpuByteLength(lowered.gpuTypes.get(name)!, numElements(t.dims)) })),
    shapes: Object.fromEntries(lowered.shapes),
    foldedNodes: lowered.folded,
    timeline: memory.timeline,
    adapter: { kind: profile.kind, description: [profile.vendor, profile.architecture, profile.description].filter(Boolean).join(' '), shaderF16: profile.shaderF16, packed4x8: profile.packed4x8 },
  };
  const stats: MemoryStats = {
    peakActivationBytes: memory.peakActivationBytes,
    weightBytes: plan.weights.reduce((s, w) => s + w.bytes, 0),
    activationBufferBytes: memory.activationBufferBytes,
    lowerBoundBytes: memory.lowerBoundBytes,
  };
  return { lowered, plan, memory: stats };
}

/** Throws an InputError naming every unsupported node, or one about shapes or limits, before touching the GPU. */
export async function compileModel(device: GPUDevice, model: Model, options: CompileOptions): Promise<CompiledModel> {
  const profile = detectProfile(device, options.wgslLanguageFeatures, options.adapter);
  const { lowered, plan, memory } = planModel(model, options, profile);
  const resources = await createResources(device, lowered);
  return new GpuModel(device, lowered, resources, plan, memory);
}
