// A kernel plan without GPU objects: lowering and the memory plan only, for the WGSL pane and the
// kernel diff against another pipeline. With a device the plan is the one a run would compile
// (its limits and variants); without WebGPU it is made for a default GPU profile.
import { runtimeInputs } from '../ir/graph.ts';
import { numElements } from '../ir/tensor.ts';
import type { Model } from '../ir/types.ts';
import { defaultProfile, detectProfile, type AdapterProfile } from '../webgpu-backend/adapter-profile.ts';
import type { KernelPlan, MemoryStats } from '../webgpu-backend/compile.ts';
import { gpuByteLength } from '../webgpu-backend/gpu-dtype.ts';
import { lowerModel } from '../webgpu-backend/lower.ts';
import { acquireDevice } from './gpu-device.ts';
import type { InputShapes, PlanResult } from './gpu-protocol.ts';

async function profileForPlans(): Promise<{ profile: AdapterProfile; kind: PlanResult['profile'] }> {
  try {
    const gpu = await acquireDevice();
    return { profile: detectProfile(gpu.device), kind: 'device' };
  } catch {
    return { profile: defaultProfile(), kind: 'default' };
  }
}

export async function planWithoutRunning(model: Model, inputShapes: InputShapes): Promise<PlanResult> {
  const { profile, kind } = await profileForPlans();
  // A pipeline may drop or add runtime inputs (an initializer no longer overridable): keep the model's own.
  const names = new Set(runtimeInputs(model.graph).map((v) => v.name));
  const shapes = Object.fromEntries(Object.entries(inputShapes).filter(([name]) => names.has(name)));
  const lowered = lowerModel(model, { inputShapes: shapes }, profile);
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
  return { plan, memory: stats, profile: kind };
}
