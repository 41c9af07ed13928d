// Errors a run can meet that are about the GPU, not the model: the device was lost (driver reset,
// another tab's crash, device.destroy()), or the GPU ran out of memory. Both carry a clear message;
// a lost device is recoverable by compiling again on a new device (see recover.ts).
import { InputError } from '../ir/errors.ts';

export class DeviceLostError extends Error {
  /** GPUDeviceLostInfo.reason: 'destroyed' when Kiln or the app destroyed it, else 'unknown'. */
  readonly reason: string;
  constructor(reason: string, detail: string) {
    super(`the GPU device was lost (${detail || reason}): compile the model again on a new device`);
    this.name = 'DeviceLostError';
    this.reason = reason;
  }
}

export function isDeviceLostError(e: unknown): e is DeviceLostError {
  return e instanceof Error && e.name === 'DeviceLostError';
}

/** Out of GPU memory: an InputError, since the remedy is a smaller model or input, not a bug fix. */
export function outOfMemoryError(what: string, error: GPUError): InputError {
  return new InputError(`the GPU ran out of memory ${what}: ${error.message.replace(/\s+/g, ' ').slice(0, 300)}`);
}
