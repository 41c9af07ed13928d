// kiln optimize MODEL --pipeline NAME -o OUT.onnx [--report REPORT.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exportModel } from '../../ir/onnx/export.ts';
import { runPipeline } from '../../passes/pipeline.ts';
import { UsageError } from '../errors.ts';
import { formatBytes } from '../format.ts';
import { loadModelFile } from '../load-model.ts';
import { resolvePipelineOption } from '../pipeline-option.ts';

export const optimizeHelp = `kiln optimize MODEL --pipeline NAME -o OUT.onnx [--report REPORT.json]
  Run an optimization pipeline and write the optimized model. --pipeline none only imports and
  exports. The report lists each pass with its time, node counts and explanations.`;

export async function optimize(argv: string[], out: (s: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { pipeline: { type: 'string' }, output: { type: 'string', short: 'o' }, report: { type: 'string' } },
  });
  if (positionals.length !== 1 || !values.output) throw new UsageError(`usage: ${optimizeHelp.split('\n')[0]}`);
  const pipeline = resolvePipelineOption(values.pipeline);
  const loaded = loadModelFile(positionals[0]!);
  const t0 = performance.now();
  const steps = runPipeline(loaded.model, pipeline.passes);
  const result = steps.length ? steps[steps.length - 1]!.result.model : loaded.model;
  const bytes = exportModel(result);
  writeFileSync(values.output, bytes);
  const totalMs = performance.now() - t0;

  let before = loaded.model.graph.nodes.length;
  const passes = steps.map((s) => {
    const after = s.result.model.graph.nodes.length;
    const entry = {
      pass: s.pass.id,
      ms: Number(s.ms.toFixed(3)),
      nodesBefore: before,
      nodesAfter: after,
      removed: s.result.changes.removed.length,
      added: s.result.changes.added.length,
      rewired: s.result.changes.rewired.length,
      explanations: s.result.changes.explanations.map((e) => ({ rule: e.rule, message: e.message, nodes: e.matched })),
      nearMisses: s.result.changes.nearMisses,
    };
    before = after;
    return entry;
  });
  if (values.report) {
    const report = {
      model: loaded.path,
      pipeline: pipeline.name,
      output: values.output,
      nodesBefore: loaded.model.graph.nodes.length,
      nodesAfter: result.graph.nodes.length,
      bytesBefore: loaded.bytes.byteLength,
      bytesAfter: bytes.byteLength,
      ms: Number(totalMs.toFixed(3)),
      passes,
    };
    writeFileSync(values.report, JSON.stringify(report, null, 2) + '\n');
  }
  out(`${loaded.path} -> ${values.output}: pipeline ${pipeline.name}, ${loaded.model.graph.nodes.length} -> ${result.graph.nodes.length} nodes, ${formatBytes(bytes.byteLength)}`);
  for (const p of passes) out(`  ${p.pass}: ${p.nodesBefore} -> ${p.nodesAfter} nodes, ${p.explanations.length} rewrites, ${p.ms.toFixed(1)} ms`);
}
