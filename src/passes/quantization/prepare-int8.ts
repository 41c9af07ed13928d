// What a pipeline needs for static int8: calibrate on the given samples (or on seeded random
// inputs) and return the passes to run, [quantize-static with that table, fuse-qdq]. Calibration
// runs the model, so this is async and takes the Runner; the passes it returns are pure.
// A `--calibration DIR` reader (test_data_set_K/input_N.pb) lives in the CLI and hands its
// tensors in as `samples`: one Tensor[] per set, named after the graph inputs.
import { InputError } from '../../ir/errors.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import { randomInputs, type RandomInputOptions } from '../../reference/random-inputs.ts';
import type { Pass } from '../pass.ts';
import { calibrate, type CalibrateOptions, type CalibrationMethod } from './calibrate.ts';
import { fuseQdq } from './fuse-qdq.ts';
import { quantizeStatic, type QuantizeStaticOptions } from './quantize-static.ts';
import type { Runner } from './runner.ts';

export interface PrepareInt8Options {
  /** Calibration inputs; when absent, `count` seeded random input sets are made. */
  readonly samples?: Tensor[][];
  /** Seed of the first random sample (sample k uses seed + k; default 0). */
  readonly seed?: number;
  /** How many random samples (default 8). */
  readonly count?: number;
  readonly method: CalibrationMethod;
  /** Shapes (and fixed values) for random samples of dynamic inputs, as in the bundled-model manifest. */
  readonly inputs?: RandomInputOptions['inputs'];
  /** Values for symbolic dims of random samples (`batch` -> 4). */
  readonly dims?: RandomInputOptions['dims'];
  readonly calibration?: CalibrateOptions;
  readonly quantize?: QuantizeStaticOptions;
}

/** `count` seeded random input sets for `model` (sample k uses seed + k). */
export function randomSamples(model: Model, count: number, seed = 0, shapes: Pick<RandomInputOptions, 'inputs' | 'dims'> = {}): Tensor[][] {
  if (!Number.isInteger(count) || count < 1) throw new InputError(`calibration sample count must be a positive integer, not ${count}`);
  return Array.from({ length: count }, (_, k) => randomInputs(model.graph, { seed: seed + k, ...shapes }));
}

export async function prepareInt8Passes(model: Model, options: PrepareInt8Options, run: Runner): Promise<Pass[]> {
  const samples = options.samples ?? randomSamples(model, options.count ?? 8, options.seed ?? 0, { ...(options.inputs ? { inputs: options.inputs } : {}), ...(options.dims ? { dims: options.dims } : {}) });
  const table = await calibrate(model, samples, options.method, run, options.calibration);
  return [quantizeStatic(table, options.quantize), fuseQdq];
}
