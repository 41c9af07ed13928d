// The one place the GPU lives: compiles a model to Kiln's WebGPU kernels, runs warm-ups and timed
// runs (streaming each run to the page), answers which nodes the backend cannot run, and plans
// models without running them (for the WGSL pane and the kernel diff).
import { expose } from 'comlink';
import { traceOrigins } from '../passes/metrics/index.ts';
import { checkSupport } from '../webgpu-backend/compile.ts';
import { benchmark } from './gpu-benchmark.ts';
import type { BenchmarkEvent, GpuApi } from './gpu-protocol.ts';
import { planWithoutRunning } from './plan-only.ts';
import { resolveSpec } from './resolve-spec.ts';
import { runSteps } from './run-steps.ts';

const api: GpuApi = {
  // `onEvent` is a Comlink proxy of the page's callback: calling it posts a message, never blocks.
  benchmark: (request, onEvent) => benchmark(request, (e: BenchmarkEvent) => void onEvent(e)),
  checkSupport: (model, inputShapes) => checkSupport(model, { inputShapes }),
  plan: (model, inputShapes) => planWithoutRunning(model, inputShapes),
  async planPipeline(request, runner) {
    const steps = await runSteps(resolveSpec(request.spec), { model: request.model, spec: request.spec, samples: request.samples, seed: request.seed }, () => undefined, runner);
    const final = steps.at(-1)?.model ?? request.model;
    const origins = traceOrigins(request.model, steps).at(-1)!;
    const planned = await planWithoutRunning(final, request.inputShapes);
    return { ...planned, origins: Object.fromEntries(origins), nodes: final.graph.nodes.map((n) => ({ id: n.id, opType: n.opType, outputs: n.outputs })) };
  },
};

expose(api);
