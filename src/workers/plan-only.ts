// A kernel plan without GPU objects: lowering and the memory plan only, for the WGSL pane and the
// kernel diff against another pipeline. With a device the plan is the one a run would compile
// (its limits and variants); without WebGPU it is made for a default GPU profile.
import { runtimeInputs } from '../ir/graph.ts';
import type { Model } from '../ir/types.ts';
import { defaultProfile, detectProfile, type AdapterProfile } from '../webgpu-backend/adapter-profile.ts';
import { planModel } from '../webgpu-backend/compile.ts';
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
  const { plan, memory } = planModel(model, { inputShapes: shapes }, profile);
  return { plan, memory, profile: kind };
}
