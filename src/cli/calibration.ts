// Calibration inputs for pipelines that run the model before quantizing it (int8): the
// test_data_set_K/input_N.pb folders of --calibration DIR (the ONNX test-data layout), or
// seeded random inputs shaped by --shape/--dim (sample k uses seed + k).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../ir/errors.ts';
import type { Model, Tensor } from '../ir/types.ts';
import { CALIBRATION_COUNT } from '../passes/presets/precision.ts';
import { modelInputs, type InputSource } from './model-inputs.ts';

/** `test_data_set_K` folders of `dir`, in K order. */
function sampleFolders(dir: string): string[] {
  if (!existsSync(dir)) throw new InputError(`calibration folder not found: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new InputError(`--calibration expects a folder of test_data_set_K folders, not a file: ${dir}`);
  const sets = readdirSync(dir)
    .map((f) => /^test_data_set_(\d+)$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null && statSync(join(dir, m[0])).isDirectory())
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  if (!sets.length) throw new InputError(`${dir} holds no test_data_set_K folders of input_N.pb files`);
  return sets.map((m) => join(dir, m[0]));
}

export interface CalibrationSource extends Omit<InputSource, 'dir'> {
  /** --calibration DIR. */
  readonly dir?: string;
  readonly count?: number;
}

export function calibrationSamples(model: Model, source: CalibrationSource): Tensor[][] {
  if (source.dir) return sampleFolders(source.dir).map((folder) => modelInputs(model, { ...source, dir: folder }));
  const count = source.count ?? CALIBRATION_COUNT;
  try {
    return Array.from({ length: count }, (_, k) => modelInputs(model, { ...source, seed: source.seed + k }));
  } catch (e) {
    if (e instanceof InputError && /has no shape|known type/.test(e.message)) {
      throw new InputError(`${e.message.replace(/; pass --inputs$/, '')}: calibration needs input shapes; pass --shape NAME=D1,D2,... or --calibration DIR`);
    }
    throw e;
  }
}
