// The one place the GPU lives: compiles a model to Kiln's WebGPU kernels, runs warm-ups and timed
// runs, and streams each run's latency to the page as it happens.
import { expose } from 'comlink';
import { InputError } from '../ir/errors.ts';
import { checkSupport, compileModel, type CompiledModel, type UnsupportedNode } from '../webgpu-backend/compile.ts';
import { acquireDevice, unlessLost } from './gpu-device.ts';
import type { BenchmarkEvent, BenchmarkRequest, BenchmarkResult, GpuApi } from './protocol.ts';

/** `Conv ×4, MaxPool ×1 (conv1: grouped convolution)`: which ops, how many, and one reason. */
function describeUnsupported(nodes: readonly UnsupportedNode[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  const ops = [...counts].map(([op, k]) => `${op} ×${k}`).join(', ');
  const first = nodes[0]!;
  return `Kiln's WebGPU backend cannot run this model yet: unsupported ${ops} (first: node '${first.nodeId}': ${first.reason})`;
}

const api: GpuApi = {
  // `onEvent` is a Comlink proxy of the page's callback: calling it posts a message, never blocks.
  async benchmark(request: BenchmarkRequest, onEvent: (e: BenchmarkEvent) => void): Promise<BenchmarkResult> {
    const emit = (e: BenchmarkEvent) => void onEvent(e);
    const options = { inputShapes: request.inputShapes };
    const unsupported = checkSupport(request.model, options);
    if (unsupported.length) throw new InputError(describeUnsupported(unsupported));

    const gpu = await acquireDevice();
    emit({ kind: 'device', adapter: gpu.adapter, timestamps: gpu.timestamps });

    const t0 = performance.now();
    let compiled: CompiledModel | undefined;
    try {
      compiled = await unlessLost(gpu, compileModel(gpu.device, request.model, options));
      emit({ kind: 'compiled', kernels: compiled.plan.kernels.length, memory: compiled.memory, ms: performance.now() - t0 });

      let outputs: BenchmarkResult['outputs'] | undefined;
      let source: BenchmarkResult['timingSource'] = 'cpu';
      const latencies: number[] = [];
      const total = request.warmups + request.runs;
      for (let i = 0; i < total; i++) {
        if (request.loseDeviceAfterRuns !== undefined && i === request.loseDeviceAfterRuns) gpu.device.destroy();
        const result = await unlessLost(gpu, compiled.run(request.inputs));
        outputs ??= result.outputs;
        source = result.timing.source;
        const warmup = i < request.warmups;
        if (!warmup) latencies.push(result.timing.totalMs);
        emit({ kind: 'run', index: warmup ? i : i - request.warmups, warmup, ms: result.timing.totalMs });
      }
      return { outputs: outputs ?? [], latenciesMs: latencies, timingSource: source, memory: compiled.memory, kernels: compiled.plan.kernels.length };
    } finally {
      compiled?.destroy();
    }
  },
};

expose(api);
