// The Run panel's state: latencies and per-kernel times as they stream in, the compiled plan and
// its memory, the oracle check. A run belongs to the model it compiled (the shown step).
import type { StateCreator } from 'zustand';
import type { Model } from '../../ir/types.ts';
import type { KernelPlan, MemoryStats, RunTiming } from '../../webgpu-backend/compile.ts';
import type { OutputCheck } from '../run/check-outputs.ts';
import type { Status } from './status.ts';
import type { KilnState } from './store.ts';

/** A run can also be stopped by Cancel, which is neither a result nor a failure. */
export type RunStatus = Status | 'cancelled';

export interface RunState {
  readonly status: RunStatus;
  /** What is happening now ("compiling", "timed run 7 of 20"). */
  readonly phase?: string;
  /** Why the run stopped (one line). */
  readonly message?: string;
  /** The model being run: the step shown when Run was pressed. */
  readonly model?: Model;
  readonly adapter?: string;
  readonly kernels?: number;
  readonly compileMs?: number;
  readonly memory?: MemoryStats;
  /** The compiled plan: kernels (with WGSL), folded nodes, the memory timeline. */
  readonly plan?: KernelPlan;
  readonly latencies?: readonly number[];
  /** Per timed run, milliseconds per kernel in plan order (empty lists with CPU timing). */
  readonly kernelMs?: readonly (readonly number[])[];
  readonly timingSource?: RunTiming['source'];
  readonly referenceMs?: number;
  /** Why the oracle could not run (the GPU figures may still be fine). */
  readonly referenceMessage?: string;
  readonly check?: OutputCheck;
}

export interface RunSlice {
  run: RunState;
  updateRun(patch: Partial<RunState>): void;
}

export const createRunSlice: StateCreator<KilnState, [], [], RunSlice> = (set) => ({
  run: { status: 'ready' },
  updateRun: (patch) => set((s) => ({ run: { ...s.run, ...patch } })),
});
