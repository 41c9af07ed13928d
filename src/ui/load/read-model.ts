// The guard in front of every model the app opens: a size limit, the ONNX decoder, validation.
// Anything wrong becomes one InputError line; the caller keeps its previous model.
import { InputError, isInputError } from '../../ir/errors.ts';
import { importModel } from '../../ir/onnx/import.ts';
import type { Model } from '../../ir/types.ts';
import { assertValidModel, type Diagnostic } from '../../ir/verify.ts';
import { formatBytes } from '../format/values.ts';

/** Protobuf messages top out at 2 GiB and a browser tab's memory well before that; stay clear of both. */
export const DEFAULT_MAX_MODEL_BYTES = 1.5 * 2 ** 30;

/** The limit in force: `?maxModelBytes=N` overrides the default (tests use it; so can users). */
export function maxModelBytesFrom(search: string): number {
  const raw = new URLSearchParams(search).get('maxModelBytes');
  if (raw === null) return DEFAULT_MAX_MODEL_BYTES;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : DEFAULT_MAX_MODEL_BYTES;
}

/** Throws before anything is read when a file is over the limit. */
export function checkModelSize(fileName: string, bytes: number, limit: number): void {
  if (bytes > limit) {
    let size = formatBytes(bytes);
    let max = formatBytes(limit);
    if (size === max) [size, max] = [`${bytes} bytes`, `${limit}-byte`];
    throw new InputError(`'${fileName}' is ${size}, over the ${max} limit for models opened in the browser`);
  }
}

export interface ReadModel {
  readonly model: Model;
  readonly warnings: readonly Diagnostic[];
}

/** Decodes and validates; every failure is an InputError that names the file. */
export function readModel(fileName: string, bytes: Uint8Array, limit: number): ReadModel {
  checkModelSize(fileName, bytes.byteLength, limit);
  try {
    const model = importModel(bytes);
    const warnings = assertValidModel(model);
    return { model, warnings };
  } catch (e) {
    if (isInputError(e)) throw new InputError(`Cannot open '${fileName}': ${e.message}`, e.nodeId);
    throw new InputError(`Cannot open '${fileName}': ${e instanceof Error ? e.message : String(e)}`);
  }
}
