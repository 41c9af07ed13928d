// The Run panel's state: latencies as they stream in, the plan's memory, the oracle check.
import type { StateCreator } from 'zustand';
import type { MemoryStats, RunTiming } from '../../webgpu-backend/compile.ts';
import type { OutputCheck } from '../run/check-outputs.ts';
import type { Status } from './status.ts';
import type { KilnState } from './store.ts';

export interface RunState {
  readonly status: Status;
  /** What is happening now ("compiling", "timed run 7 of 20"). */
  readonly phase?: string;
  /** Why the run stopped (one line). */
  readonly message?: string;
  readonly adapter?: string;
  readonly kernels?: number;
  readonly compileMs?: number;
  readonly memory?: MemoryStats;
  readonly latencies?: readonly number[];
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
