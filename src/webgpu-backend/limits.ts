// Compile-time checks against the device's limits, so a model that cannot run on this device
// fails before any GPU work with a message naming the node and the limit, instead of as a
// validation error deep in a run.
import { InputError } from '../ir/errors.ts';
import type { Node } from '../ir/types.ts';
import type { GpuLimits } from './adapter-profile.ts';
import type { AssembledShader, KernelSource } from './wgsl/shader.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) (v /= 1024), u++;
  return `${v.toFixed(1)} ${units[u]}`;
}

function exceeds(node: Node, what: string, value: number, limit: keyof GpuLimits, limits: GpuLimits, bytes = false): InputError {
  const show = (x: number) => (bytes ? formatBytes(x) : String(x));
  return new InputError(`${node.opType} (${node.id}): ${what} ${show(value)}, more than this device's ${limit} (${show(limits[limit])})`, node.id);
}

export interface BoundValue {
  readonly value: string;
  /** Bytes of the binding. */
  readonly bytes: number;
}

/** Throws an InputError naming the node when a value it binds is too big for one binding or buffer. */
export function checkBindingSizes(node: Node, bound: readonly BoundValue[], limits: GpuLimits): void {
  for (const b of bound) {
    if (b.bytes > limits.maxStorageBufferBindingSize) throw exceeds(node, `binds '${b.value}' of`, b.bytes, 'maxStorageBufferBindingSize', limits, true);
    if (b.bytes > limits.maxBufferSize) throw exceeds(node, `needs '${b.value}' in one buffer of`, b.bytes, 'maxBufferSize', limits, true);
  }
}

/** Throws an InputError naming the node and the limit a kernel breaks. */
export function checkKernelLimits(node: Node, source: KernelSource, shader: AssembledShader, bound: readonly BoundValue[], limits: GpuLimits): void {
  const storage = shader.layout.filter((b) => b !== 'uniform').length;
  if (storage > limits.maxStorageBuffersPerShaderStage) throw exceeds(node, 'binds storage buffers:', storage, 'maxStorageBuffersPerShaderStage', limits);
  source.workgroups.forEach((n, d) => {
    if (n > limits.maxComputeWorkgroupsPerDimension) throw exceeds(node, `dispatches along ${'xyz'[d]} workgroups:`, n, 'maxComputeWorkgroupsPerDimension', limits);
  });
  if (source.invocations > limits.maxComputeInvocationsPerWorkgroup) throw exceeds(node, 'runs invocations per workgroup:', source.invocations, 'maxComputeInvocationsPerWorkgroup', limits);
  if (source.workgroupStorageBytes > limits.maxComputeWorkgroupStorageSize) throw exceeds(node, 'uses workgroup memory:', source.workgroupStorageBytes, 'maxComputeWorkgroupStorageSize', limits, true);
  if (shader.params.byteLength > limits.maxUniformBufferBindingSize) throw exceeds(node, 'has params of', shader.params.byteLength, 'maxUniformBufferBindingSize', limits, true);
  checkBindingSizes(node, bound, limits);
}
