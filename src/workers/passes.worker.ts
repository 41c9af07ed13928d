// Runs pass pipelines off the main thread, so folding the constants of a large model never
// freezes the page. Models cross by structured clone; weights stay shared within one message.
import { expose } from 'comlink';
import { pipelineMetrics, traceOrigins, type MetricsOptions } from '../passes/metrics/index.ts';
import type { CompareEntry, PassesApi } from './protocol.ts';
import { resolveSpec } from './resolve-spec.ts';
import { runSteps } from './run-steps.ts';

const api: PassesApi = {
  runPipeline(request, onEvent, runner) {
    // Comlink proxies post a message per call and never block; nobody awaits the event calls.
    return runSteps(resolveSpec(request.spec), request, (e) => void onEvent(e), runner);
  },
  async comparePipeline(request, runner, options: MetricsOptions): Promise<CompareEntry> {
    const t0 = performance.now();
    const steps = await runSteps(resolveSpec(request.spec), request, () => undefined, runner);
    const ms = performance.now() - t0;
    const final = steps.at(-1)?.model ?? request.model;
    const origins = traceOrigins(request.model, steps).at(-1)!;
    return { spec: request.spec, final, steps: steps.length, ms, metrics: pipelineMetrics(request.model, final, options), origins: Object.fromEntries(origins) };
  },
};

expose(api);
