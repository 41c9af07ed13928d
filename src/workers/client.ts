// Typed handles on the workers. Each worker starts on first use and lives for the page (the GPU
// worker until Cancel stops it); the URL form `new Worker(new URL(..., import.meta.url))` is what
// lets Vite bundle each worker.
import { proxy, wrap, type Remote } from 'comlink';
import type { Model } from '../ir/types.ts';
import type { UnsupportedNode } from '../webgpu-backend/compile.ts';
import type {
  BenchmarkEvent,
  BenchmarkRequest,
  BenchmarkResult,
  GpuApi,
  InputShapes,
  LayoutApi,
  ModelRunnerCallback,
  PassesApi,
  PipelinePlanRequest,
  PipelinePlanResult,
  PlanResult,
  ReferenceApi,
} from './protocol.ts';

function lazy<T>(start: () => Worker): () => Remote<T> {
  let remote: Remote<T> | undefined;
  return () => (remote ??= wrap<T>(start()));
}

export const layoutWorker = lazy<LayoutApi>(() => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'kiln-layout' }));

export const passesWorker = lazy<PassesApi>(() => new Worker(new URL('./passes.worker.ts', import.meta.url), { type: 'module', name: 'kiln-passes' }));

export const referenceWorker = lazy<ReferenceApi>(() => new Worker(new URL('./reference.worker.ts', import.meta.url), { type: 'module', name: 'kiln-reference' }));

// The GPU worker is the one worker that can be stopped: Cancel terminates it mid-compile (a
// compile cannot be interrupted from outside), rejects every call waiting on it, and the next call
// starts a fresh one with a fresh device.
let gpu: { readonly worker: Worker; readonly remote: Remote<GpuApi> } | undefined;
const waiting = new Set<(reason: unknown) => void>();

/** What a call on the GPU worker rejects with when Cancel stopped the worker under it. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof Error && e.name === 'CancelledError';
}

function onGpu<T>(call: (api: Remote<GpuApi>) => Promise<T>): Promise<T> {
  if (!gpu) {
    const worker = new Worker(new URL('./gpu.worker.ts', import.meta.url), { type: 'module', name: 'kiln-gpu' });
    gpu = { worker, remote: wrap<GpuApi>(worker) };
  }
  const remote = gpu.remote;
  return new Promise<T>((resolve, reject) => {
    waiting.add(reject);
    call(remote)
      .then(resolve, reject)
      .finally(() => waiting.delete(reject));
  });
}

/** Stops the GPU worker and everything it was doing; every pending call rejects with CancelledError. */
export function cancelGpuWork(): void {
  gpu?.worker.terminate();
  gpu = undefined;
  const rejects = [...waiting];
  waiting.clear();
  for (const reject of rejects) reject(new CancelledError());
}

/** Compiles and times a model in the GPU worker; `onEvent` sees each stage and run as it happens. */
export function benchmarkOnGpu(request: BenchmarkRequest, onEvent: (e: BenchmarkEvent) => void): Promise<BenchmarkResult> {
  return onGpu((api) => api.benchmark(request, proxy(onEvent)));
}

/** Nodes the backend cannot run, answered without compiling. */
export function checkSupportOnGpu(model: Model, inputShapes: InputShapes): Promise<UnsupportedNode[]> {
  return onGpu((api) => api.checkSupport(model, inputShapes));
}

/** The kernel plan of a model, without running it. */
export function planOnGpu(model: Model, inputShapes: InputShapes): Promise<PlanResult> {
  return onGpu((api) => api.plan(model, inputShapes));
}

/** A pipeline run on the original model in the GPU worker, then planned (not run). */
export function planPipelineOnGpu(request: PipelinePlanRequest, run: ModelRunnerCallback): Promise<PipelinePlanResult> {
  return onGpu((api) => api.planPipeline(request, proxy(run)));
}
