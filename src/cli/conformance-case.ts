// One ONNX backend-test case folder: model.onnx plus test_data_set_0/{input,output}_K.pb.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../ir/errors.ts';
import { runtimeInputs } from '../ir/graph.ts';
import { importModel } from '../ir/onnx/import.ts';
import type { Model, Tensor } from '../ir/types.ts';
import { readFileBytes } from './load-model.ts';
import { readTensorFiles } from './tensor-files.ts';

export interface ConformanceCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly model: Model;
  readonly inputs: Tensor[];
  readonly expected: Tensor[];
}

/** Thrown for cases Kiln cannot even feed (sequence inputs, missing data): listed as unsupported. */
export class UnsupportedCase extends Error {}

export function listCases(suiteDir: string, filter?: RegExp): string[] {
  if (!existsSync(suiteDir)) throw new InputError(`suite folder not found: ${suiteDir}`);
  return readdirSync(suiteDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(suiteDir, d.name, 'model.onnx')))
    .map((d) => d.name)
    .filter((n) => !filter || filter.test(n))
    .sort();
}

export function loadCase(suiteDir: string, name: string): ConformanceCase {
  const dir = join(suiteDir, name);
  const bytes = readFileBytes(join(dir, 'model.onnx'));
  const model = importModel(bytes);
  const nonTensor = [...runtimeInputs(model.graph), ...model.graph.outputs].find((v) => v.type && v.type.kind !== 'tensor');
  if (nonTensor) throw new UnsupportedCase(`'${nonTensor.name}' is a ${nonTensor.type!.kind}, not a tensor`);
  const data = join(dir, 'test_data_set_0');
  if (!existsSync(data)) throw new UnsupportedCase('no test_data_set_0');
  const declared = runtimeInputs(model.graph);
  // Inputs are positional; a file may name its input, which wins (optional inputs can be skipped).
  const inputs = readTensorFiles(data, 'input').map((t, i) => ({ ...t, name: declared.some((v) => v.name === t.name) ? t.name : (declared[i]?.name ?? t.name) }));
  const expected = readTensorFiles(data, 'output');
  return { name, bytes, model, inputs, expected };
}
