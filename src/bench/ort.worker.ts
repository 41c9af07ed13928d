// One of onnxruntime-web's engines, in its own worker so each build (C++ WebGPU EP, JSEP, WASM)
// has its own module and WebAssembly instance. The WebGPU counters are installed before the
// build loads, so its device, buffers and dispatches are seen the way Kiln's are.
import { expose } from 'comlink';
import type * as Ort from 'onnxruntime-web';
import { InputError } from '../ir/errors.ts';
import type { Tensor } from '../ir/types.ts';
import { fromOrtTensor, toOrtTensor, type OrtTensorConstructor } from '../reference/ort-tensor.ts';
import { instrumentGpu } from './gpu-instrument.ts';
import type { EngineApi, EngineInit, EngineReady, PeerName, RunSample } from './protocol.ts';

const gpu = instrumentGpu();

type OrtModule = typeof Ort;

/** Each engine is a different build of onnxruntime-web: the package's three entry points. */
async function loadOrt(engine: PeerName): Promise<OrtModule> {
  switch (engine) {
    case 'ort-webgpu':
      return (await import('onnxruntime-web/webgpu')) as OrtModule;
    case 'ort-jsep':
      return (await import('onnxruntime-web')) as OrtModule;
    case 'ort-wasm':
      return (await import('onnxruntime-web/wasm')) as OrtModule;
  }
}

let session: Ort.InferenceSession | undefined;
let feeds: Record<string, Ort.Tensor> = {};

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
}

/** Waits until every output is on the CPU (outputs already there resolve at once). */
async function readBack(results: Ort.InferenceSession.ReturnType): Promise<void> {
  for (const t of Object.values(results)) if (t.location !== 'cpu') await t.getData(true);
}

const api: EngineApi = {
  async init(init: EngineInit): Promise<EngineReady> {
    const t0 = performance.now();
    const engine = init.engine as PeerName;
    const ort = await loadOrt(engine);
    // One thread for every engine: the machines are small, and it keeps WASM fallbacks alike.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin).href;
    ort.env.logLevel = 'error';
    try {
      session = await ort.InferenceSession.create(init.modelBytes, {
        executionProviders: [engine === 'ort-wasm' ? 'wasm' : 'webgpu'],
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
      });
    } catch (e) {
      throw new InputError(`onnxruntime-web (${engine}) cannot load this model: ${firstLine(e)}`);
    }
    feeds = {};
    for (const t of init.inputs) feeds[t.name] = toOrtTensor(ort.Tensor as unknown as OrtTensorConstructor, t) as Ort.Tensor;
    return { description: `onnxruntime-web ${ort.env.versions.web ?? ''} ${engine}`.trim(), initMs: performance.now() - t0 };
  },

  async run(keepOutputs: boolean): Promise<RunSample> {
    if (!session) throw new Error('the onnxruntime-web engine was not initialized');
    const s = session;
    const d0 = gpu.dispatches();
    const t0 = performance.now();
    let results: Ort.InferenceSession.ReturnType;
    try {
      results = await s.run(feeds);
      await readBack(results);
    } catch (e) {
      throw new InputError(`onnxruntime-web failed to run: ${firstLine(e)}`);
    }
    const ms = performance.now() - t0;
    const dispatches = gpu.dispatches() - d0;
    const outputs: Tensor[] | undefined = keepOutputs ? s.outputNames.map((name) => fromOrtTensor(name, results[name]!)) : undefined;
    for (const t of Object.values(results)) t.dispose();
    return { ms, dispatches, ...(outputs ? { outputs } : {}) };
  },

  startTimed: () => gpu.ledger.mark(),
  memory: () => gpu.ledger.snapshot(),
  devices: () => gpu.devices,
};

expose(api);
