// A benchmark in the GPU worker: compile the model, run warm-ups and timed runs, and stream each
// run's latency and per-kernel times to the page as it happens.
import { InputError } from '../ir/errors.ts';
import { checkSupport, compileModel, type CompiledModel, type RunTiming, type UnsupportedNode } from '../webgpu-backend/compile.ts';
import { acquireDevice, unlessLost } from './gpu-device.ts';
import type { BenchmarkEvent, BenchmarkRequest, BenchmarkResult } from './gpu-protocol.ts';

/** `Conv ×4, MaxPool ×1 (conv1: grouped convolution)`: which ops, how many, and one reason. */
export function describeUnsupported(nodes: readonly UnsupportedNode[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  const ops = [...counts].map(([op, k]) => `${op} ×${k}`).join(', ');
  const first = nodes[0]!;
  return `Kiln's WebGPU backend cannot run this model yet: unsupported ${ops} (first: node '${first.nodeId}': ${first.reason})`;
}

/** Per-kernel milliseconds in plan order (the timer reports kernels in that order). */
export function kernelTimes(timing: RunTiming, kernelCount: number): number[] {
  if (timing.source !== 'gpu-timestamps' || timing.kernels.length !== kernelCount) return [];
  return timing.kernels.map((k) => k.ms);
}

export async function benchmark(request: BenchmarkRequest, emit: (e: BenchmarkEvent) => void): Promise<BenchmarkResult> {
  const options = { inputShapes: request.inputShapes };
  const unsupported = checkSupport(request.model, options);
  if (unsupported.length) throw new InputError(describeUnsupported(unsupported));

  const gpu = await acquireDevice();
  emit({ kind: 'device', adapter: gpu.adapter, timestamps: gpu.timestamps });
  if (request.holdCompileMs) await new Promise((resolve) => setTimeout(resolve, request.holdCompileMs));

  const t0 = performance.now();
  let compiled: CompiledModel | undefined;
  try {
    compiled = await unlessLost(gpu, compileModel(gpu.device, request.model, options));
    const { plan, memory } = compiled;
    emit({ kind: 'compiled', kernels: plan.kernels.length, memory, ms: performance.now() - t0, plan });

    let outputs: BenchmarkResult['outputs'] | undefined;
    let source: BenchmarkResult['timingSource'] = 'cpu';
    const latencies: number[] = [];
    const kernelMs: number[][] = [];
    const total = request.warmups + request.runs;
    for (let i = 0; i < total; i++) {
      if (request.loseDeviceAfterRuns !== undefined && i === request.loseDeviceAfterRuns) gpu.device.destroy();
      const result = await unlessLost(gpu, compiled.run(request.inputs));
      outputs ??= result.outputs;
      source = result.timing.source;
      const warmup = i < request.warmups;
      const perKernel = kernelTimes(result.timing, plan.kernels.length);
      if (!warmup) {
        latencies.push(result.timing.totalMs);
        kernelMs.push(perKernel);
      }
      emit({ kind: 'run', index: warmup ? i : i - request.warmups, warmup, ms: result.timing.totalMs, kernelMs: perKernel });
    }
    return { outputs: outputs ?? [], latenciesMs: latencies, kernelMs, timingSource: source, memory, kernels: plan.kernels.length, plan };
  } finally {
    compiled?.destroy();
  }
}
