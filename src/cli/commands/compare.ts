// kiln compare MODEL --pipelines a,b,c [--json] — pipelines side by side on one model.
import { parseArgs } from 'node:util';
import { InputError } from '../../ir/errors.ts';
import { namedPipeline } from '../../passes/verify/verify-pipeline.ts';
import { UsageError } from '../errors.ts';
import { loadModelFile } from '../load-model.ts';
import { modelInputs } from '../model-inputs.ts';
import { parseDims, parseInteger, parseShapes } from '../options.ts';
import { calibrationSamples } from '../calibration.ts';
import { compareRows, printCompareTable } from '../compare-table.ts';
import { ortRunner } from '../ort-runner.ts';

export const compareHelp = `kiln compare MODEL --pipelines A,B,... [--json] [--seed N] [--dim NAME=N]
         [--shape NAME=D1,D2,...] [--calibration DIR]
  Run several pipelines on one model and print them side by side: nodes, fused kernels,
  weight bytes, estimated memory traffic and peak activation memory (static shapes from the
  inputs), and the numeric error against the original (rel L2 of the worst output in
  onnxruntime-node on seeded random inputs, --seed/--dim/--shape as for run). Each item of
  --pipelines is a named pipeline or a pass id; join pass ids with + for a custom pipeline
  (fold-constants+fuse-conv-bn). Exit 2 when a pipeline is unknown or fails to apply.`;

export async function compare(argv: string[], out: (s: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      pipelines: { type: 'string' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      dim: { type: 'string', multiple: true },
      shape: { type: 'string', multiple: true },
      calibration: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || !values.pipelines) throw new UsageError(`usage: ${compareHelp.split('\n')[0]}`);
  const names = values.pipelines.split(',').map((s) => s.trim()).filter((s) => s);
  if (!names.length) throw new UsageError('--pipelines names no pipeline');
  const pipelines = names.map((n) => namedPipeline(n.replaceAll('+', ',')));
  const loaded = loadModelFile(positionals[0]!);
  const shaping = { seed: parseInteger('seed', values.seed, 0), dims: parseDims(values.dim), shapes: parseShapes(values.shape) };
  const inputs = modelInputs(loaded.model, shaping);
  const samples = pipelines.some((p) => p.def.prepare) ? calibrationSamples(loaded.model, { ...(values.calibration ? { dir: values.calibration } : {}), ...shaping, seed: shaping.seed + 1000 }) : undefined;
  const runner = ortRunner();
  let comparison;
  try {
    comparison = await compareRows(loaded.model, pipelines, inputs, runner.run, samples);
  } finally {
    await runner.release();
  }
  const { rows, notes } = comparison;
  const failed = rows.find((r) => r.verification?.problem);
  if (failed) throw new InputError(`pipeline ${failed.pipeline}: ${failed.verification!.problem}`);
  if (values.json) {
    const shapes = Object.fromEntries(inputs.map((t) => [t.name, t.dims]));
    out(JSON.stringify({ model: loaded.path, inputs: shapes, seed: shaping.seed, pipelines: rows.map(({ verification, ...r }) => ({ ...r, ...(verification ? { outputs: verification.outputs } : {}) })), notes }, null, 2));
    return;
  }
  printCompareTable(loaded.path, inputs, comparison, out);
}
