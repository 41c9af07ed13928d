// Tensors on disk in the ONNX test-data format: serialized TensorProto files named
// input_K.pb / output_K.pb, K in graph input/output order.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../ir/errors.ts';
import { decodeTensor, encodeTensor } from '../ir/onnx/tensor-proto.ts';
import type { Tensor } from '../ir/types.ts';
import { readFileBytes } from './load-model.ts';

/** Reads `<prefix>_0.pb`, `<prefix>_1.pb`, ... in index order. */
export function readTensorFiles(dir: string, prefix: 'input' | 'output'): Tensor[] {
  if (!existsSync(dir)) throw new InputError(`folder not found: ${dir}`);
  const pattern = new RegExp(`^${prefix}_(\\d+)\\.pb$`);
  const indices = readdirSync(dir)
    .map((f) => pattern.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  return indices.map((k) => {
    const path = join(dir, `${prefix}_${k}.pb`);
    try {
      return decodeTensor(readFileBytes(path));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${path} is not a serialized TensorProto (${e instanceof Error ? e.message : e})`);
    }
  });
}

export function writeTensorFiles(dir: string, prefix: 'input' | 'output', tensors: readonly Tensor[]): void {
  mkdirSync(dir, { recursive: true });
  tensors.forEach((t, k) => writeFileSync(join(dir, `${prefix}_${k}.pb`), encodeTensor(t)));
}
