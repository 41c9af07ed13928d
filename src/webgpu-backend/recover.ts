// Recovering from a lost device: a compiled model belongs to one GPUDevice, and a lost device
// (driver reset, GPU process crash, device.destroy()) takes every buffer and pipeline with it.
// compileRecoverable keeps what is needed to compile again; when a run finds the device lost it
// reports the loss, asks the caller for a new device, compiles the model on it and runs again.
// The GPU worker and the CLI pass their own way of getting a device (navigator.gpu, Dawn).
import type { Model, Tensor } from '../ir/types.ts';
import { compileModel } from './compile.ts';
import { isDeviceLostError, type DeviceLostError } from './gpu-errors.ts';
import type { CompileOptions, CompiledModel, RunResult } from './types.ts';

export interface RecoverOptions {
  /** A working device: called once at first, and again after each loss. */
  readonly acquireDevice: () => Promise<GPUDevice>;
  /** Told of each loss before recovering (to show "GPU reset, recompiling..."). */
  readonly onDeviceLost?: (error: DeviceLostError) => void;
  /** Recompilations allowed per run before the loss is rethrown (default 1). */
  readonly retries?: number;
}

export interface RecoverableModel {
  /** The model compiled on the current device (plan, memory stats). */
  readonly compiled: CompiledModel;
  /** How many times the model was compiled again after a loss. */
  readonly recoveries: number;
  run(inputs: readonly Tensor[]): Promise<RunResult>;
  destroy(): void;
}

export async function compileRecoverable(model: Model, options: CompileOptions, recover: RecoverOptions): Promise<RecoverableModel> {
  let compiled = await compileModel(await recover.acquireDevice(), model, options);
  let recoveries = 0;
  const retries = recover.retries ?? 1;
  return {
    get compiled() {
      return compiled;
    },
    get recoveries() {
      return recoveries;
    },
    async run(inputs) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await compiled.run(inputs);
        } catch (e) {
          if (!isDeviceLostError(e) || attempt >= retries) throw e;
          recover.onDeviceLost?.(e);
          compiled.destroy();
          compiled = await compileModel(await recover.acquireDevice(), model, options);
          recoveries++;
        }
      }
    },
    destroy() {
      compiled.destroy();
    },
  };
}
