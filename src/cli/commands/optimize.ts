// kiln optimize MODEL --pipeline NAME -o OUT.onnx [--report REPORT.json] [--calibration DIR]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportModel } from '../../ir/onnx/export.ts';
import { pipelineTolerance } from '../../passes/pipelines.ts';
import { UsageError } from '../errors.ts';
import { formatBytes } from '../format.ts';
import { loadModelFile } from '../load-model.ts';
import { parseDims, parseInteger, parseShapes } from '../options.ts';
import { resolvePipelineOption, runPipelineOption } from '../pipeline-option.ts';
import { passReport } from '../pass-report.ts';

export const optimizeHelp = `kiln optimize MODEL --pipeline NAME -o OUT.onnx [--report REPORT.json] [--calibration DIR]
         [--seed N] [--dim NAME=N] [--shape NAME=D1,D2,...]
  Run an optimization pipeline (kiln pipelines; or a comma list of pass ids) and write the
  optimized model. --pipeline none only imports and exports. The report lists each pass with
  its time, node counts, explanations and near misses. Pipelines that calibrate (int8) run the
  model on DIR/test_data_set_K/input_N.pb, or on 8 seeded random inputs shaped by --shape/--dim.
  Nothing is written when the pipeline fails.`;

export async function optimize(argv: string[], out: (s: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      pipeline: { type: 'string' },
      output: { type: 'string', short: 'o' },
      report: { type: 'string' },
      calibration: { type: 'string' },
      seed: { type: 'string' },
      dim: { type: 'string', multiple: true },
      shape: { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1 || !values.output) throw new UsageError(`usage: ${optimizeHelp.split('\n')[0]}`);
  const pipeline = resolvePipelineOption(values.pipeline);
  const loaded = loadModelFile(positionals[0]!);
  const calibration = { ...(values.calibration ? { dir: values.calibration } : {}), seed: parseInteger('seed', values.seed, 0), dims: parseDims(values.dim), shapes: parseShapes(values.shape) };
  const t0 = performance.now();
  const result = await runPipelineOption(loaded.model, pipeline, calibration);
  const bytes = exportModel(result.model);
  const totalMs = performance.now() - t0;
  const passes = passReport(loaded.model, result.steps);
  writeFileSync(values.output, bytes);
  if (values.report) {
    const report = {
      model: loaded.path,
      pipeline: pipeline.name,
      output: values.output,
      nodesBefore: loaded.model.graph.nodes.length,
      nodesAfter: result.model.graph.nodes.length,
      bytesBefore: loaded.bytes.byteLength,
      bytesAfter: bytes.byteLength,
      tolerance: pipelineTolerance(pipeline.def),
      ...(pipeline.def.prepare ? { calibration: { samples: result.calibrationSamples, source: values.calibration ?? 'seeded random inputs', ms: Number(result.prepareMs.toFixed(3)) } } : {}),
      ms: Number(totalMs.toFixed(3)),
      passes,
    };
    writeFileSync(values.report, JSON.stringify(report, null, 2) + '\n');
  }
  out(`${loaded.path} -> ${values.output}: pipeline ${pipeline.name}, ${loaded.model.graph.nodes.length} -> ${result.model.graph.nodes.length} nodes, ${formatBytes(bytes.byteLength)}`);
  if (pipeline.def.prepare) out(`  calibrated on ${result.calibrationSamples} sample${result.calibrationSamples === 1 ? '' : 's'} (${values.calibration ?? 'seeded random inputs'}) in ${result.prepareMs.toFixed(0)} ms`);
  for (const p of passes) out(`  ${p.pass}: ${p.nodesBefore} -> ${p.nodesAfter} nodes, ${p.explanations.length} rewrites, ${p.nearMisses.length} near misses, ${p.ms.toFixed(1)} ms`);
}
