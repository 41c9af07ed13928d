// kiln bench MODEL [--pipeline P]... [--against ort-webgpu,ort-jsep,ort-wasm] [--runs N] [--warmup N]
//                  [--json FILE] [--shape NAME=D1,D2,...] [--dim NAME=N] [--seed N] [--skip-build] [--app-device] [--quiet]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatReport } from '../../bench/format.ts';
import { benchInputs, benchModel, openBenchSession, type BenchReport } from '../../bench/node/run-bench.ts';
import { PEERS, type PeerName } from '../../bench/protocol.ts';
import type { Manifest, ManifestInput } from '../../models/manifest.ts';
import { resolvePipeline } from '../../passes/registry.ts';
import { UsageError } from '../errors.ts';
import { loadModelFile } from '../load-model.ts';
import { parseDims, parseInteger, parseShapes } from '../options.ts';

export const benchHelp = `kiln bench MODEL [--pipeline P]... [--against ${PEERS.join(',')}] [--runs N] [--warmup N]
           [--json FILE] [--shape NAME=D1,D2,...] [--dim NAME=N] [--seed N] [--skip-build] [--app-device] [--quiet]
  Benchmark Kiln's WebGPU kernels against onnxruntime-web in headless Chromium (one browser, one
  set of Dawn flags): every engine warms up, then all run interleaved round-robin. Reports per
  engine the median, p90 and spread (p90 − p10) of wall time per inference with outputs read back,
  Kiln/peer ratios, dispatches per inference, peak live GPU bytes, rel L2 against onnxruntime-web
  WASM, and per Kiln kernel its bandwidth and FLOP rate against a vec4 copy and a matmul measured
  in the same run. MODEL is an .onnx file or a bundled model id (mlp, cnn, ...: manifest shapes).
  --pipeline may repeat: each pipeline is one more Kiln engine in the same run (default: none).
  Kiln's device asks for the features and limits onnxruntime-web's WebGPU EP asked for (within the
  adapter's); --app-device keeps the app's own request. Defaults: --runs 30 --warmup 5 --seed 0,
  all three peers. Builds the bench page into dist/ first when it is stale.`;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface ResolvedModel {
  readonly path: string;
  readonly label: string;
  readonly inputs: readonly ManifestInput[];
}

/** A bundled id (or a bundled file's path) brings the manifest's input shapes and fixed values. */
function resolveModel(arg: string): ResolvedModel {
  const dir = join(root, 'public/models');
  const manifestPath = join(dir, 'manifest.json');
  const manifest: Manifest | undefined = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : undefined;
  const byId = manifest?.models.find((m) => m.id === arg);
  if (byId) return { path: join(dir, byId.file), label: byId.id, inputs: byId.inputs };
  const byFile = manifest?.models.find((m) => resolve(arg) === join(dir, m.file));
  if (byFile) return { path: arg, label: byFile.id, inputs: byFile.inputs };
  if (!existsSync(arg) && !arg.endsWith('.onnx') && manifest) {
    throw new UsageError(`'${arg}' is neither a file nor a bundled model (bundled: ${manifest.models.map((m) => m.id).join(', ')})`);
  }
  return { path: arg, label: basename(arg), inputs: [] };
}

function parsePeers(value: string | undefined): PeerName[] {
  if (value === undefined) return [...PEERS];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(PEERS as readonly string[]).includes(n)) throw new UsageError(`--against takes ${PEERS.join(', ')}; got '${n}'`);
  return [...new Set(names)] as PeerName[];
}

/** JSON without NaN or Infinity (figures that could not be measured read null). */
export function reportJson(report: BenchReport): string {
  return `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

export async function bench(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      pipeline: { type: 'string', multiple: true },
      against: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      json: { type: 'string' },
      shape: { type: 'string', multiple: true },
      dim: { type: 'string', multiple: true },
      seed: { type: 'string' },
      'skip-build': { type: 'boolean' },
      'app-device': { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`usage: ${benchHelp.split('\n')[0]}`);
  const runs = parseInteger('runs', values.runs, 30);
  const warmup = parseInteger('warmup', values.warmup, 5);
  if (runs < 1) throw new UsageError('--runs must be at least 1');
  if (warmup < 0) throw new UsageError('--warmup must not be negative');
  const peers = parsePeers(values.against);
  const pipelines = values.pipeline?.length ? [...new Set(values.pipeline)] : ['none'];
  for (const p of pipelines) resolvePipeline(p); // an unknown name is a usage error before anything starts
  const shapes = parseShapes(values.shape);
  const dims = parseDims(values.dim);
  const seed = parseInteger('seed', values.seed, 0);

  const target = resolveModel(positionals[0]!);
  const loaded = loadModelFile(target.path);
  const inputs = [
    ...target.inputs.filter((i) => !shapes[i.name]),
    ...Object.entries(shapes).map(([name, shape]) => ({ name, shape })),
  ];
  benchInputs(loaded.model, { inputs, dims, seed }); // bad shapes fail here, before the browser starts
  const log = values.quiet ? () => undefined : (line: string) => process.stderr.write(`${line}\n`);

  const session = await openBenchSession(root, log, !values['skip-build']);
  let report: BenchReport;
  try {
    report = await benchModel(session, { label: target.label, model: loaded.model, pipelines, peers, warmup, runs, seed, inputs, dims, log, appDevice: !!values['app-device'] });
  } finally {
    await session.close();
  }
  if (values.json) writeFileSync(values.json, reportJson(report));
  formatReport(report).forEach((line) => out(line));
  if (values.json) out(`\nwrote ${values.json}`);
  return 0;
}
