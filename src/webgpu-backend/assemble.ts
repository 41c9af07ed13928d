// The last step of lowering: with the memory plan's in-place choices known, each kernel gets its
// final WGSL and binding layout, its bindings are checked against the device's limits, and its
// pipeline key is derived from what the pipeline is made of.
import type { GpuLimits } from './adapter-profile.ts';
import { pipelineKey } from './kernel-key.ts';
import { checkKernelLimits } from './limits.ts';
import type { PendingKernel } from './lower.ts';
import { bindingBytes, type MemoryPlan } from './plan-memory.ts';
import type { KernelInfo } from './types.ts';
import { assembleShader, type BindingKind, type BindingPlan } from './wgsl/shader.ts';

export interface LoweredKernel {
  readonly info: KernelInfo;
  /** Uniform buffer contents (run-time dispatch data). */
  readonly params: Uint32Array;
  readonly layout: readonly BindingKind[];
  /** The value bound at each storage binding, in binding order (then the params uniform). */
  readonly bindings: readonly string[];
}

/** Activation inputs read_write, repeated activation values through one binding, the in-place pair. */
function bindingPlan(k: PendingKernel, chosen: MemoryPlan['inPlace'][number], isWeight: (value: string) => boolean): BindingPlan {
  const { node, source } = k;
  const writable = new Set<number>();
  const repeats: { input: number; as: number }[] = [];
  source.inputs.forEach((d, i) => {
    const value = k.reads[i]!;
    if (isWeight(value)) return;
    writable.add(d.index);
    const first = k.reads.indexOf(value);
    if (first < i) repeats.push({ input: d.index, as: source.inputs[first]!.index });
  });
  const inPlace = chosen && source.inPlace.find((p) => k.reads[source.inputs.findIndex((d) => d.index === p.input)] === chosen.input && node.outputs[p.output] === chosen.output);
  return { writable, repeats, ...(inPlace ? { inPlace } : {}) };
}

export function assembleKernels(pending: readonly PendingKernel[], memory: MemoryPlan, bytes: (value: string) => number, isWeight: (value: string) => boolean, limits: GpuLimits): LoweredKernel[] {
  return pending.map((k, t): LoweredKernel => {
    const { node, source } = k;
    const chosen = memory.inPlace[t];
    const shader = assembleShader(source, bindingPlan(k, chosen, isWeight));
    const bindings = [...shader.boundInputs.map((i) => k.reads[source.inputs.findIndex((d) => d.index === i)]!), ...k.writes];
    checkKernelLimits(node, source, shader, bindings.map((value) => ({ value, bytes: bindingBytes(bytes(value)) })), limits);
    const info: KernelInfo = {
      id: k.id ?? node.id,
      nodeIds: [node.id],
      opType: node.opType,
      wgsl: shader.wgsl,
      workgroups: source.workgroups,
      variant: source.variant,
      inputs: k.reads,
      output: k.writes[0]!,
      outputs: k.writes,
      ...(chosen ? { inPlace: chosen } : {}),
      ...(k.guards ? { guards: k.guards } : {}),
      pipelineKey: pipelineKey(shader.wgsl, shader.layout),
    };
    return { info, params: shader.params, layout: shader.layout, bindings };
  });
}
