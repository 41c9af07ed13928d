// The oracle: onnxruntime-web on its WASM backend (never WebGPU, so it cannot share a bug with
// Kiln's kernels). Its .wasm is served from /ort/ (copied there at install time), never a CDN.
import { expose } from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { InputError } from '../ir/errors.ts';
import type { Tensor } from '../ir/types.ts';
import { fromOrtTensor, toOrtTensor, type OrtTensorConstructor } from '../reference/ort-tensor.ts';
import type { ReferenceApi, ReferenceResult } from './protocol.ts';

// Threads need cross-origin isolation, which the app does not require; one thread is enough for
// an oracle. The worker is already off the main thread, so no proxy worker either.
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.wasm.wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin).href;
ort.env.logLevel = 'error';

let cached: { key: string; session: ort.InferenceSession } | undefined;

async function sessionFor(key: string, bytes: Uint8Array): Promise<ort.InferenceSession> {
  if (cached?.key === key) return cached.session;
  await cached?.session.release();
  cached = undefined;
  try {
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    cached = { key, session };
    return session;
  } catch (e) {
    throw new InputError(`onnxruntime-web cannot load this model: ${firstLine(e)}`);
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}

const api: ReferenceApi = {
  async run(modelKey: string, modelBytes: Uint8Array, inputs: readonly Tensor[]): Promise<ReferenceResult> {
    const session = await sessionFor(modelKey, modelBytes);
    const feeds: Record<string, ort.Tensor> = {};
    for (const t of inputs) feeds[t.name] = toOrtTensor(ort.Tensor as unknown as OrtTensorConstructor, t) as ort.Tensor;
    const t0 = performance.now();
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await session.run(feeds);
    } catch (e) {
      throw new InputError(`onnxruntime-web failed to run this model: ${firstLine(e)}`);
    }
    const ms = performance.now() - t0;
    const outputs = session.outputNames.map((name) => {
      const t = results[name];
      if (!t) throw new Error(`onnxruntime-web returned no output '${name}'`);
      return fromOrtTensor(name, t);
    });
    return { outputs, ms };
  },
};

expose(api);
