// The oracle: onnxruntime-web on its WASM backend (never WebGPU, so it cannot share a bug with
// Kiln's kernels). Its .wasm is served from /ort/ (copied there at install time), never a CDN.
import { expose } from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import { InputError } from '../ir/errors.ts';
import { exportModel } from '../ir/onnx/export.ts';
import type { Model, Tensor } from '../ir/types.ts';
import { fromOrtTensor, toOrtTensor, type OrtTensorConstructor } from '../reference/ort-tensor.ts';
import type { ReferenceApi, ReferenceResult } from './protocol.ts';
import { inputsFor } from './tensor-align.ts';

// Threads need cross-origin isolation, which the app does not require; one thread is enough for
// an oracle. The worker is already off the main thread, so no proxy worker either.
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.wasm.wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin).href;
ort.env.logLevel = 'error';

/** A few sessions stay open: the original, the step being checked, calibration models. */
const MAX_SESSIONS = 3;
const sessions = new Map<string, Promise<ort.InferenceSession>>();

function sessionFor(key: string, bytes: () => Uint8Array): Promise<ort.InferenceSession> {
  const hit = sessions.get(key);
  if (hit) {
    sessions.delete(key); // re-insert: most recently used last
    sessions.set(key, hit);
    return hit;
  }
  const created = ort.InferenceSession.create(bytes(), { executionProviders: ['wasm'], graphOptimizationLevel: 'all', logSeverityLevel: 3 }).catch((e: unknown) => {
    sessions.delete(key);
    throw new InputError(`onnxruntime-web cannot load this model: ${firstLine(e)}`);
  });
  sessions.set(key, created);
  while (sessions.size > MAX_SESSIONS) {
    const [oldest, session] = sessions.entries().next().value!;
    sessions.delete(oldest);
    void session.then((s) => retire(s), () => undefined);
  }
  return created;
}

// A session evicted while a run uses it is released when that run ends.
const running = new Map<ort.InferenceSession, number>();
const retired = new Set<ort.InferenceSession>();

function retire(s: ort.InferenceSession): void {
  if (running.get(s)) retired.add(s);
  else void s.release();
}

async function using<T>(s: ort.InferenceSession, work: () => Promise<T>): Promise<T> {
  running.set(s, (running.get(s) ?? 0) + 1);
  try {
    return await work();
  } finally {
    const left = running.get(s)! - 1;
    if (left) running.set(s, left);
    else {
      running.delete(s);
      if (retired.delete(s)) void s.release();
    }
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]!.slice(0, 300);
}

/** FNV-1a over the bytes: names a calibration model by its content. */
function contentKey(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return `bytes:${bytes.length}:${(h >>> 0).toString(16)}`;
}

async function runSession(session: ort.InferenceSession, inputs: readonly Tensor[], outputNames?: readonly string[]): Promise<ReferenceResult> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const t of inputs) feeds[t.name] = toOrtTensor(ort.Tensor as unknown as OrtTensorConstructor, t) as ort.Tensor;
  const names = outputNames ?? session.outputNames;
  const t0 = performance.now();
  let results: ort.InferenceSession.ReturnType;
  try {
    results = await using(session, () => session.run(feeds, [...names]));
  } catch (e) {
    throw new InputError(`onnxruntime-web failed to run this model: ${firstLine(e)}`);
  }
  const ms = performance.now() - t0;
  const outputs = names.map((name) => {
    const t = results[name];
    if (!t) throw new Error(`onnxruntime-web returned no output '${name}'`);
    return fromOrtTensor(name, t);
  });
  return { outputs, ms };
}

const api: ReferenceApi = {
  async run(modelKey: string, modelBytes: Uint8Array, inputs: readonly Tensor[]): Promise<ReferenceResult> {
    return runSession(await sessionFor(modelKey, () => modelBytes), inputs);
  },
  async runModel(modelKey: string, model: Model, inputs: readonly Tensor[]): Promise<ReferenceResult> {
    const session = await sessionFor(modelKey, () => exportModel(model));
    return runSession(session, inputsFor(model.graph, inputs));
  },
  async runBytes(modelBytes: Uint8Array, inputs: readonly Tensor[], outputNames?: readonly string[]): Promise<Tensor[]> {
    const session = await sessionFor(contentKey(modelBytes), () => modelBytes);
    return (await runSession(session, inputs, outputNames)).outputs;
  },
};

expose(api);
