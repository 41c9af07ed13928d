// Reads a model file for the CLI: size and existence checks with one-line messages, external
// data resolved from files beside the model, and structural validation.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../ir/errors.ts';
import { importModel } from '../ir/onnx/import.ts';
import type { Model } from '../ir/types.ts';
import { assertValidModel, type Diagnostic } from '../ir/verify.ts';

/** Protobuf messages cannot exceed 2 GiB; bigger models must keep weights as external data. */
export const MAX_MODEL_BYTES = 2 ** 31 - 1;

export interface LoadedModel {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly model: Model;
  readonly warnings: readonly Diagnostic[];
}

export function readFileBytes(path: string, what = 'file'): Uint8Array {
  if (!existsSync(path)) throw new InputError(`${what} not found: ${path}`);
  const stat = statSync(path);
  if (stat.isDirectory()) throw new InputError(`${what} is a directory, not a file: ${path}`);
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function externalResolver(modelPath: string) {
  const base = dirname(resolve(modelPath));
  return (location: string, offset: number, length: number | undefined): Uint8Array | undefined => {
    const file = resolve(base, location);
    if (!file.startsWith(base)) throw new InputError(`external data location '${location}' points outside the model's folder`);
    if (!existsSync(file)) throw new InputError(`external data file not found: ${file}`);
    const size = statSync(file).size;
    const n = length ?? size - offset;
    if (offset + n > size) throw new InputError(`external data '${location}' is shorter than the model says (${size} bytes, needs ${offset + n})`);
    const out = new Uint8Array(n);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, out, 0, n, offset);
    } finally {
      closeSync(fd);
    }
    return out;
  };
}

export function loadModelFile(path: string): LoadedModel {
  if (!existsSync(path)) throw new InputError(`model not found: ${path}`);
  const size = statSync(path).size;
  if (size > MAX_MODEL_BYTES) {
    throw new InputError(`${path} is ${(size / 2 ** 30).toFixed(1)} GiB; ONNX files over 2 GiB must store weights as external data`);
  }
  const bytes = readFileBytes(path, 'model');
  let model: Model;
  try {
    model = importModel(bytes, { resolveExternal: externalResolver(path) });
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${path}: ${e.message}`, e.nodeId);
    throw e;
  }
  const warnings = assertValidModel(model);
  return { path, bytes, model, warnings };
}
