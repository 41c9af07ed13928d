// Activation memory: each value gets a buffer from its first writer to its last reader, and a
// buffer whose value is dead goes back to a pool for later values (best fit: the smallest free
// buffer that is big enough, else a new one). Kernels run in order in one command buffer, so a
// buffer read last by kernel t can be written by kernel t+1.
import type { BufferAssignment, PlannedBuffer } from './types.ts';

export interface MemoryProblem {
  /** Graph inputs: written before the first kernel. */
  readonly inputs: readonly string[];
  readonly kernels: readonly { readonly inputs: readonly string[]; readonly output: string }[];
  /** Values read back after the last kernel. */
  readonly outputs: readonly string[];
  readonly bytes: (value: string) => number;
  /** Values that have their own buffers (weights): not activations. */
  readonly isWeight: (value: string) => boolean;
}

export interface MemoryPlan {
  readonly buffers: readonly PlannedBuffer[];
  readonly assignments: readonly BufferAssignment[];
  readonly peakActivationBytes: number;
  readonly activationBufferBytes: number;
}

/** Buffers are at least 16 bytes and whole vec4s, so any binding may view them as vec4<f32>. */
export function bufferBytes(valueBytes: number): number {
  return Math.max(16, Math.ceil(valueBytes / 16) * 16);
}

interface Lifetime {
  readonly value: string;
  readonly first: number;
  last: number;
}

function lifetimes(p: MemoryProblem): Lifetime[] {
  const byValue = new Map<string, Lifetime>();
  const define = (value: string, first: number) => {
    if (!p.isWeight(value) && !byValue.has(value)) byValue.set(value, { value, first, last: first });
  };
  for (const v of p.inputs) define(v, 0);
  p.kernels.forEach((k, t) => {
    for (const v of k.inputs) {
      const life = byValue.get(v);
      if (life) life.last = Math.max(life.last, t);
    }
    define(k.output, t);
  });
  for (const v of p.outputs) {
    const life = byValue.get(v);
    if (life) life.last = p.kernels.length;
  }
  return [...byValue.values()];
}

export function planMemory(p: MemoryProblem): MemoryPlan {
  const buffers: PlannedBuffer[] = [];
  const assignments: BufferAssignment[] = [];
  let free: PlannedBuffer[] = [];
  const busy: { buffer: PlannedBuffer; last: number }[] = [];
  for (const life of lifetimes(p)) {
    // Values come in order of their first kernel; release what died before this one starts.
    for (let i = busy.length - 1; i >= 0; i--) {
      if (busy[i]!.last < life.first) free.push(busy.splice(i, 1)[0]!.buffer);
    }
    const need = bufferBytes(p.bytes(life.value));
    const fit = free.filter((b) => b.bytes >= need).sort((a, b) => a.bytes - b.bytes || a.id - b.id)[0];
    const buffer = fit ?? { id: buffers.length, bytes: need };
    if (fit) free = free.filter((b) => b !== fit);
    else buffers.push(buffer);
    busy.push({ buffer, last: life.last });
    assignments.push({ value: life.value, bufferId: buffer.id, bytes: p.bytes(life.value), firstKernel: life.first, lastKernel: life.last });
  }
  return {
    buffers,
    assignments,
    peakActivationBytes: peakBytes(buffers, assignments, p.kernels.length),
    activationBufferBytes: buffers.reduce((s, b) => s + b.bytes, 0),
  };
}

/** The most buffer bytes in use at any kernel (a buffer is in use while one of its values lives). */
function peakBytes(buffers: readonly PlannedBuffer[], assignments: readonly BufferAssignment[], kernelCount: number): number {
  let peak = 0;
  for (let t = 0; t <= kernelCount; t++) {
    const inUse = new Set(assignments.filter((a) => a.firstKernel <= t && t <= a.lastKernel).map((a) => a.bufferId));
    peak = Math.max(peak, buffers.filter((b) => inUse.has(b.id)).reduce((s, b) => s + b.bytes, 0));
  }
  return peak;
}
