// kiln inspect MODEL [--json] [--shape name=d,...] [--dim name=N]
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import { formatBytes, formatCount, formatShape } from '../format.ts';
import { loadModelFile } from '../load-model.ts';
import { summarizeModel, type ValueSummary } from '../model-summary.ts';
import { parseDims, parseShapes } from '../options.ts';

export const inspectHelp = `kiln inspect MODEL [--json] [--shape NAME=D1,D2,...] [--dim NAME=N]
  Print what a model contains: node and op counts, inputs and outputs with shapes, how many
  values have a known shape, weight bytes and a FLOP estimate. --shape overrides an input's
  shape; --dim sets a symbolic dimension (others count as 1 for FLOPs).`;

export async function inspect(argv: string[], out: (s: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, shape: { type: 'string', multiple: true }, dim: { type: 'string', multiple: true } },
  });
  if (positionals.length !== 1) throw new UsageError(`usage: ${inspectHelp.split('\n')[0]}`);
  const loaded = loadModelFile(positionals[0]!);
  const summary = summarizeModel(loaded.model, parseShapes(values.shape), parseDims(values.dim));
  const diagnostics = [...loaded.warnings.map((w) => ({ severity: w.severity, ...(w.nodeId ? { node: w.nodeId } : {}), message: w.message })), ...summary.diagnostics];
  if (values.json) {
    out(JSON.stringify({ model: loaded.path, ...summary, diagnostics }, null, 2));
    return;
  }
  const row = (v: ValueSummary) => `  ${v.name}  ${v.dtype ?? '?'} ${formatShape(v.shape)}`;
  const assumed = Object.entries(summary.flopsAssume).map(([k, v]) => `${k}=${v}`).join(', ');
  out(`${loaded.path}`);
  out(`  IR ${summary.irVersion}, opsets ${Object.entries(summary.opsets).map(([d, v]) => `${d} ${v}`).join(', ')}${summary.producer ? `, from ${summary.producer}` : ''}`);
  out(`nodes   ${summary.nodes}`);
  out(`params  ${formatBytes(summary.params)}`);
  out(`FLOPs   ${formatCount(summary.flops)}${assumed ? ` (at ${assumed})` : ''}`);
  out(`values  ${summary.values.known} of ${summary.values.total} with a known shape`);
  out('inputs');
  summary.inputs.forEach((v) => out(row(v)));
  out('outputs');
  summary.outputs.forEach((v) => out(row(v)));
  out('ops');
  for (const [op, n] of Object.entries(summary.ops).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out(`  ${String(n).padStart(5)}  ${op}`);
  for (const d of diagnostics) out(`${d.severity}: ${d.message}`);
}
