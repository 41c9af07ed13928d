// kiln run MODEL [--pipeline NAME] --backend ort|webgpu [--inputs DIR] [--outputs DIR] [--seed N]
import { parseArgs } from 'node:util';
import { tensorStats } from '../../ir/tensor.ts';
import type { Tensor } from '../../ir/types.ts';
import { compareTensors } from '../../reference/compare.ts';
import { runOrt } from '../../reference/ort-node.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import { BACKENDS, runOnBackend, type BackendName } from '../backends.ts';
import { UsageError } from '../errors.ts';
import { formatMs } from '../format.ts';
import { loadModelFile } from '../load-model.ts';
import { modelInputs } from '../model-inputs.ts';
import { parseDims, parseInteger, parseShapes, requireOne } from '../options.ts';
import { resolvePipelineOption, runPipelineOption } from '../pipeline-option.ts';
import { writeTensorFiles } from '../tensor-files.ts';

export const runHelp = `kiln run MODEL --backend ort|webgpu [--pipeline NAME] [--inputs DIR] [--outputs DIR]
         [--seed N] [--dim NAME=N] [--shape NAME=D1,D2,...] [--runs N] [--skip-check] [--calibration DIR]
  Run a model. Inputs come from DIR/input_K.pb or are seeded random tensors; outputs are
  written as DIR/output_K.pb. On webgpu the outputs are checked against onnxruntime
  (exit 1 when they differ by more than rel L2 1e-3).`;

function describe(t: Tensor): string {
  const s = tensorStats(t);
  const stats = s ? `  min ${s.min.toPrecision(4)}  max ${s.max.toPrecision(4)}  mean ${s.mean.toPrecision(4)}` : '';
  return `${t.name}  ${t.dtype} [${t.dims.join(', ')}]${stats}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function run(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string' },
      pipeline: { type: 'string' },
      inputs: { type: 'string' },
      outputs: { type: 'string' },
      seed: { type: 'string' },
      dim: { type: 'string', multiple: true },
      shape: { type: 'string', multiple: true },
      runs: { type: 'string' },
      'skip-check': { type: 'boolean' },
      calibration: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`usage: ${runHelp.split('\n')[0]}`);
  const backend = requireOne('backend', values.backend, BACKENDS) as BackendName;
  const runs = parseInteger('runs', values.runs, 1);
  if (runs < 1) throw new UsageError('--runs must be at least 1');
  const pipeline = resolvePipelineOption(values.pipeline);
  const loaded = loadModelFile(positionals[0]!);
  const shaping = { seed: parseInteger('seed', values.seed, 0), dims: parseDims(values.dim), shapes: parseShapes(values.shape) };
  const { model } = await runPipelineOption(loaded.model, pipeline, { ...(values.calibration ? { dir: values.calibration } : {}), ...shaping });
  const inputs = modelInputs(model, { ...(values.inputs ? { dir: values.inputs } : {}), ...shaping });

  const result = await runOnBackend(backend, model, inputs, runs);
  if (values.outputs) writeTensorFiles(values.outputs, 'output', result.outputs);

  out(`${loaded.path} on ${backend}${pipeline.name !== 'none' ? ` after pipeline ${pipeline.name}` : ''}`);
  out('inputs');
  inputs.forEach((t) => out(`  ${describe(t)}`));
  out('outputs');
  result.outputs.forEach((t) => out(`  ${describe(t)}`));
  out(`time    ${formatMs(median(result.runMs))} median of ${runs} run${runs > 1 ? 's' : ''}`);
  result.notes.forEach((n) => out(`        ${n}`));
  if (values.outputs) out(`wrote ${result.outputs.length} output_K.pb files to ${values.outputs}`);

  if (backend !== 'ort' && !values['skip-check']) {
    const reference = await runOrt(exportModel(loaded.model), inputs);
    const worst = result.outputs.map((t, i) => compareTensors(t, reference[i]!)).reduce((w, c) => (c.relL2 > w.relL2 ? c : w));
    const ok = worst.relL2 <= 1e-3 && !worst.problem;
    out(`check   ${ok ? 'matches' : 'DIFFERS FROM'} onnxruntime: max rel L2 ${worst.relL2.toExponential(2)} (bound 1e-3)${worst.problem ? `, ${worst.problem}` : ''}`);
    if (!ok) return 1;
  }
  return 0;
}
