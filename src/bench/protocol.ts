// What crosses between the CLI (Node), the bench page and its engine workers. Everything is plain
// data: the job arrives as JSON from the CLI's server, results leave as JSON for --json.
import type { Tensor } from '../ir/types.ts';
import type { MemoryStats } from '../webgpu-backend/compile.ts';
import type { DeviceAsk } from './device-match.ts';
import type { DeviceRequest } from './gpu-instrument.ts';
import type { MemorySnapshot } from './gpu-ledger.ts';
import type { KernelCost } from './kernel-costs.ts';
import type { MicroResult } from './micro.ts';
import type { OutputCheck } from './output-check.ts';
import type { WireTensor } from './tensor-wire.ts';

/** onnxruntime-web's engines: the C++ WebGPU EP, the TypeScript (JSEP) WebGPU EP, WebAssembly. */
export const PEERS = ['ort-webgpu', 'ort-jsep', 'ort-wasm'] as const;
export type PeerName = (typeof PEERS)[number];

/** The job the CLI serves at /__bench/job.json. */
export interface BenchJob {
  readonly model: string;
  /** URL of the original ONNX file (what onnxruntime-web runs). */
  readonly modelUrl: string;
  /** One Kiln engine per pipeline: the model after that pipeline, exported to ONNX. */
  readonly kiln: readonly { readonly pipeline: string; readonly modelUrl: string; readonly tolerance: number }[];
  readonly peers: readonly PeerName[];
  readonly inputs: readonly WireTensor[];
  readonly inputShapes: Readonly<Record<string, readonly number[]>>;
  readonly warmup: number;
  readonly runs: number;
  /** Widen Kiln's device request to the features and limits onnxruntime-web's WebGPU EP asked for. */
  readonly matchDevice: boolean;
  /** How each graph output is judged against WASM (output-check.ts); rel L2 where absent. */
  readonly outputChecks?: readonly OutputCheck[];
}

export interface EngineInit {
  readonly engine: string;
  readonly modelBytes: Uint8Array;
  readonly inputs: readonly Tensor[];
  readonly inputShapes: Readonly<Record<string, readonly number[]>>;
  /** Kiln only: what to widen its device request by (see device-match.ts). */
  readonly matchDevice?: DeviceAsk;
}

/** What the Kiln engine knows of its compiled plan. */
export interface KilnPlanInfo {
  readonly kernels: readonly KernelCost[];
  readonly memory: MemoryStats;
  readonly adapter: string;
  readonly timestamps: boolean;
}

export interface EngineReady {
  readonly description: string;
  readonly kiln?: KilnPlanInfo;
  readonly initMs: number;
}

export interface RunSample {
  /** Wall time of one inference in the engine's worker: inputs in, outputs read back to the CPU. */
  readonly ms: number;
  /** dispatchWorkgroups calls made during it. */
  readonly dispatches: number;
  readonly outputs?: Tensor[];
  /** Kiln: per-kernel GPU times (plan order) from timestamp queries. */
  readonly kernelMs?: readonly number[];
}

/** The API every engine worker exposes (through Comlink). */
export interface EngineApi {
  init(init: EngineInit): Promise<EngineReady>;
  run(keepOutputs: boolean): Promise<RunSample>;
  /** Starts the timed phase: the memory window's peak restarts from what is live now. */
  startTimed(): void;
  memory(): MemorySnapshot;
  devices(): DeviceRequest[];
}

export interface KilnEngineApi extends EngineApi {
  microbenchmarks(): Promise<MicroResult>;
}
