// Activation memory. Liveness over the kernel order gives each value an interval (graph inputs
// from kernel 0, graph outputs to the read-back after the last kernel). Values that must share
// storage form one item: a Concat-in-place output with its slices, and an elementwise kernel's
// output with the input it overwrites in place (chosen here: legal when this kernel is the
// input's last reader, reads it through no other binding, and the sizes match). Items are then
// placed at offsets in a few large buffers (place-offsets.ts). All buffers exist for the model's
// lifetime, so the peak is their total; the lower bound is the most item bytes live at one kernel.
import { placeItems } from './place-offsets.ts';
import { StorageGroups } from './storage-groups.ts';
import { memoryTimeline, type TimelineEntry } from './memory-timeline.ts';
import type { BufferAssignment, PlannedBuffer } from './types.ts';

export interface MemoryKernel {
  /** Values read (views resolved to the value they alias), in binding order. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** (input value, output value) pairs the kernel can run in place, in order of preference. */
  readonly inPlace?: readonly { readonly input: string; readonly output: string }[];
}

export interface MemoryProblem {
  /** Graph inputs: written before the first kernel. */
  readonly inputs: readonly string[];
  readonly kernels: readonly MemoryKernel[];
  /** Values read back after the last kernel. */
  readonly outputs: readonly string[];
  /** GPU bytes of a value (gpu-dtype.ts), exact. */
  readonly bytes: (value: string) => number;
  /** Values with buffers of their own (weights): not activations. */
  readonly isWeight: (value: string) => boolean;
  /** Values living inside another value's storage at a byte offset (Concat in place). */
  readonly slices?: ReadonlyMap<string, { readonly of: string; readonly offset: number }>;
  /** Offsets are multiples of this (minStorageBufferOffsetAlignment); default 256. */
  readonly alignment?: number;
  /** No buffer grows past this (maxBufferSize); default unlimited. */
  readonly maxBufferBytes?: number;
}

export interface MemoryPlan {
  readonly buffers: readonly PlannedBuffer[];
  readonly assignments: readonly BufferAssignment[];
  /** Per kernel: the in-place pair chosen, if any. */
  readonly inPlace: readonly ({ readonly input: string; readonly output: string } | undefined)[];
  /** Bytes of all activation buffers: the GPU memory activations take for the model's lifetime. */
  readonly peakActivationBytes: number;
  readonly activationBufferBytes: number;
  /** The most bytes of storage items live at one kernel: no placement can use less. */
  readonly lowerBoundBytes: number;
  readonly timeline: readonly TimelineEntry[];
}

/** Bytes a value's binding covers: whole words, and at least one vec4 (0-element tensors too). */
export function bindingBytes(valueBytes: number): number {
  return Math.max(16, Math.ceil(valueBytes / 4) * 4);
}

interface Life {
  first?: number;
  last: number;
}

function lifetimes(p: MemoryProblem): Map<string, Life> {
  const lives = new Map<string, Life>();
  const touch = (v: string, t: number, defines: boolean) => {
    if (p.isWeight(v)) return;
    const life = lives.get(v) ?? { last: t };
    if (defines && life.first === undefined) life.first = t;
    life.last = Math.max(life.last, t);
    lives.set(v, life);
  };
  for (const v of p.inputs) touch(v, 0, true);
  p.kernels.forEach((k, t) => {
    for (const v of k.inputs) touch(v, t, false);
    for (const v of k.outputs) touch(v, t, true);
  });
  for (const v of p.outputs) touch(v, p.kernels.length, false);
  // A Concat-in-place output is written only through its slices.
  for (const [slice, { of }] of p.slices ?? []) {
    const s = lives.get(slice);
    if (!s || s.first === undefined) continue;
    const whole = lives.get(of) ?? { last: s.first };
    whole.first = Math.min(whole.first ?? Infinity, s.first);
    lives.set(of, whole);
  }
  for (const [v, life] of lives) if (life.first === undefined) throw new Error(`value '${v}' is read but never written`);
  return lives;
}

export function planMemory(p: MemoryProblem): MemoryPlan {
  const lives = lifetimes(p);
  const size = (v: string) => bindingBytes(p.bytes(v));
  const groups = new StorageGroups(lives, size, p.bytes);
  for (const [slice, { of, offset }] of p.slices ?? []) groups.join(slice, of, offset, 'slice');
  const inPlace = p.kernels.map((k, t) => {
    for (const pair of k.inPlace ?? []) {
      const { input, output } = pair;
      if (p.isWeight(input) || k.inputs.filter((v) => v === input).length !== 1) continue;
      if (p.bytes(input) !== p.bytes(output) || !groups.canExtend(input) || !groups.isAlone(output)) continue;
      // This kernel must be the last to touch the input's storage, and bind it only once.
      if (groups.lastUse(input) !== t || k.inputs.some((v) => v !== input && groups.sameStorage(v, input))) continue;
      groups.join(output, input, 0, 'in-place');
      return pair;
    }
    return undefined;
  });

  const items = groups.items();
  const alignment = p.alignment ?? 256;
  const placed = placeItems(items, alignment, p.maxBufferBytes);
  const buffers: PlannedBuffer[] = placed.bufferBytes.map((bytes, id) => ({ id, bytes }));
  const assignments: BufferAssignment[] = [...lives].map(([value, life]) => {
    const { item, offset } = groups.locate(value);
    const at = placed.placements.get(item)!;
    return { value, bufferId: at.buffer, offset: at.offset + offset, bytes: p.bytes(value), firstKernel: life.first!, lastKernel: life.last, storage: groups.rootOf(value) };
  });
  const peak = buffers.reduce((s, b) => s + b.bytes, 0);
  const { lowerBoundBytes, timeline } = memoryTimeline(items, assignments, p.kernels.length);
  return { buffers, assignments, inPlace, peakActivationBytes: peak, activationBufferBytes: peak, lowerBoundBytes, timeline };
}
