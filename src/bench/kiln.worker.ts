// Kiln as the app runs it: the device from the GPU worker's acquireDevice, the model compiled by
// compileModel, each inference one CompiledModel.run (upload, kernels, read-back). The WebGPU
// counters are installed before the device exists, exactly as in the onnxruntime-web workers.
import { expose } from 'comlink';
import { InputError } from '../ir/errors.ts';
import { importModel } from '../ir/onnx/import.ts';
import type { Tensor } from '../ir/types.ts';
import { checkSupport, compileModel, type CompiledModel } from '../webgpu-backend/compile.ts';
import { acquireDevice } from '../workers/gpu-device.ts';
import { matchDeviceRequests } from './device-match.ts';
import { instrumentGpu, type DeviceRequest } from './gpu-instrument.ts';
import { kernelCosts } from './kernel-costs.ts';
import { runMicrobenchmarks } from './micro.ts';
import type { EngineInit, EngineReady, KilnEngineApi, RunSample } from './protocol.ts';

const gpu = instrumentGpu();
/** The app's own device requests, before bench widened them (one per device). */
const appRequests: NonNullable<DeviceRequest['appRequest']>[] = [];

let compiled: CompiledModel | undefined;
let inputs: readonly Tensor[] = [];

function ready(): CompiledModel {
  if (!compiled) throw new Error('the Kiln engine was not initialized');
  return compiled;
}

const api: KilnEngineApi = {
  async init(init: EngineInit): Promise<EngineReady> {
    const t0 = performance.now();
    const model = importModel(init.modelBytes);
    const options = { inputShapes: init.inputShapes };
    const unsupported = checkSupport(model, options);
    if (unsupported.length) {
      const ops = [...new Set(unsupported.map((n) => n.opType))].join(', ');
      throw new InputError(`Kiln's WebGPU backend cannot run this model yet: unsupported ${ops} (first: node '${unsupported[0]!.nodeId}': ${unsupported[0]!.reason})`);
    }
    if (init.matchDevice) matchDeviceRequests(init.matchDevice, (r) => appRequests.push(r));
    const handle = await acquireDevice();
    compiled = await compileModel(handle.device, model, options);
    inputs = init.inputs;
    return {
      description: `Kiln WebGPU, ${compiled.plan.kernels.length} kernels on ${handle.adapter}`,
      kiln: { kernels: kernelCosts(compiled.plan, model), memory: compiled.memory, adapter: handle.adapter, timestamps: handle.timestamps },
      initMs: performance.now() - t0,
    };
  },

  async run(keepOutputs: boolean): Promise<RunSample> {
    const model = ready();
    const d0 = gpu.dispatches();
    const t0 = performance.now();
    const result = await model.run(inputs);
    const ms = performance.now() - t0;
    return {
      ms,
      dispatches: gpu.dispatches() - d0,
      ...(keepOutputs ? { outputs: result.outputs } : {}),
      // A kernel in an If branch not taken this run has no time (NaN), not a time of 0.
      ...(result.timing.source === 'gpu-timestamps' ? { kernelMs: result.timing.kernels.map((k) => ((k as { skipped?: boolean }).skipped ? NaN : k.ms)) } : {}),
    };
  },

  startTimed: () => gpu.ledger.mark(),
  memory: () => gpu.ledger.snapshot(),
  devices: () => gpu.devices.map((d, i) => (appRequests[i] ? { ...d, appRequest: appRequests[i] } : d)),

  async microbenchmarks() {
    const { device } = await acquireDevice();
    return gpu.ledger.untracked(() => runMicrobenchmarks(device));
  },
};

expose(api);
