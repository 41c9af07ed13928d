// Typed handles on the workers. Each worker starts on first use and lives for the page; the URL
// form `new Worker(new URL(..., import.meta.url))` is what lets Vite bundle each worker.
import { proxy, wrap, type Remote } from 'comlink';
import type { BenchmarkEvent, BenchmarkRequest, BenchmarkResult, GpuApi, LayoutApi, PassesApi, ReferenceApi } from './protocol.ts';

function lazy<T>(start: () => Worker): () => Remote<T> {
  let remote: Remote<T> | undefined;
  return () => (remote ??= wrap<T>(start()));
}

export const layoutWorker = lazy<LayoutApi>(() => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'kiln-layout' }));

export const passesWorker = lazy<PassesApi>(() => new Worker(new URL('./passes.worker.ts', import.meta.url), { type: 'module', name: 'kiln-passes' }));

export const referenceWorker = lazy<ReferenceApi>(() => new Worker(new URL('./reference.worker.ts', import.meta.url), { type: 'module', name: 'kiln-reference' }));

const gpuWorker = lazy<GpuApi>(() => new Worker(new URL('./gpu.worker.ts', import.meta.url), { type: 'module', name: 'kiln-gpu' }));

/** Compiles and times a model in the GPU worker; `onEvent` sees each stage and run as it happens. */
export function benchmarkOnGpu(request: BenchmarkRequest, onEvent: (e: BenchmarkEvent) => void): Promise<BenchmarkResult> {
  return gpuWorker().benchmark(request, proxy(onEvent));
}
