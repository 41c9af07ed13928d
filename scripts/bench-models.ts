// `npm run bench`: `kiln bench` over every bundled model, every Kiln pipeline that compiles for
// it side by side with onnxruntime-web's engines in one interleaved run per model; writes the
// "WebGPU backend" section of docs/benchmarks.md, the chart docs/benchmarks.png, and the raw
// results to out/bench/<model>.json.
//   npm run bench [-- --nightly] [--models mlp,cnn] [--runs N] [--warmup N] [--no-docs] [--docs-only]
// The CI set runs reduced input sizes (minutes on a software adapter); --nightly runs full sizes.
// --docs-only rewrites the docs and chart from the last run's out/bench/*.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchChartSvg, type ChartGroup } from '../src/bench/chart.ts';
import { benchmarksSection, replaceSection, shortError } from '../src/bench/docs-section.ts';
import { formatReport, referenceKiln } from '../src/bench/format.ts';
import { benchInputs, benchModel, openBenchSession, optimizeFor, renderSvgPng, type BenchReport } from '../src/bench/node/run-bench.ts';
import { PEERS } from '../src/bench/protocol.ts';
import { isFigures } from '../src/bench/results.ts';
import { reportJson } from '../src/cli/commands/bench.ts';
import { loadModelFile } from '../src/cli/load-model.ts';
import type { Model } from '../src/ir/types.ts';
import type { Manifest, ManifestInput } from '../src/models/manifest.ts';
import { PIPELINES } from '../src/passes/pipelines.ts';
import { checkSupport } from '../src/webgpu-backend/compile.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * CI: small enough for minutes on SwiftShader. Models not listed run at the manifest's shapes.
 * PaddleOCR-det runs at 160×160, not smaller: at 64×64 its weights (4.47 MiB, the same in every
 * engine) are 80% of the peak GPU bytes, and the figure says nothing about activation planning
 * (Kiln 0.85× ort-webgpu there, 0.28× at 320×320).
 */
const CI_SIZES: Record<string, Record<string, number[]>> = {
  'paddleocr-det': { x: [1, 3, 160, 160] },
  'paddleocr-cls': { x: [1, 3, 48, 96] },
};
/** Nightly: the sizes the models are used at. */
const NIGHTLY_SIZES: Record<string, Record<string, number[]>> = {
  mlp: { x: [64, 784] },
  'paddleocr-det': { x: [1, 3, 640, 640] },
  'paddleocr-cls': { x: [1, 3, 48, 192] },
};

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    nightly: { type: 'boolean' },
    models: { type: 'string' },
    runs: { type: 'string' },
    warmup: { type: 'string' },
    'no-docs': { type: 'boolean' },
    'docs-only': { type: 'boolean' },
  },
});
const nightly = !!values.nightly;
const runs = Number(values.runs ?? 30);
const warmup = Number(values.warmup ?? 5);
const manifest: Manifest = JSON.parse(readFileSync(join(root, 'public/models/manifest.json'), 'utf8'));
const wanted = values.models?.split(',').map((s) => s.trim());
const models = manifest.models.filter((m) => !wanted || wanted.includes(m.id));
const log = (line: string) => process.stderr.write(`${line}\n`);

function inputsFor(id: string, declared: readonly ManifestInput[]): ManifestInput[] {
  const sizes = (nightly ? NIGHTLY_SIZES : CI_SIZES)[id] ?? {};
  return declared.map((i) => (sizes[i.name] ? { name: i.name, shape: sizes[i.name]! } : i));
}

/** Every preset whose result Kiln's kernels can run, 'none' always (its failure is a result too). */
async function compilingPipelines(model: Model, inputs: ManifestInput[]): Promise<{ run: string[]; optimized: Map<string, Model>; skipped: { pipeline: string; why: string }[] }> {
  const tensors = benchInputs(model, { inputs, dims: {}, seed: 0 });
  const inputShapes = Object.fromEntries(tensors.map((t) => [t.name, [...t.dims]]));
  const run: string[] = ['none'];
  const optimized = new Map<string, Model>([['none', model]]);
  const skipped: { pipeline: string; why: string }[] = [];
  for (const name of Object.keys(PIPELINES).filter((p) => p !== 'none')) {
    try {
      const m = await optimizeFor(model, name, tensors, 0);
      const unsupported = checkSupport(m, { inputShapes });
      if (unsupported.length) {
        skipped.push({ pipeline: name, why: `unsupported ${[...new Set(unsupported.map((u) => u.opType))].join(', ')}` });
        continue;
      }
      run.push(name);
      optimized.set(name, m);
    } catch (e) {
      skipped.push({ pipeline: name, why: `pipeline failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 120)}` });
    }
  }
  return { run, optimized, skipped };
}

function chartGroups(reports: readonly BenchReport[]): ChartGroup[] {
  return reports.map((r) => {
    // The Kiln engine the tables compare with: the best pipeline, else the fastest that ran, else the failure.
    const kilnKey = referenceKiln(r) ?? Object.keys(r.engines).find((k) => k.startsWith('kiln'));
    const keys = [...(kilnKey ? [kilnKey] : []), ...PEERS];
    const shapes = Object.values(r.input_shapes).map((s) => `[${s.join('×')}]`).join(' ');
    return {
      title: `${r.model} ${shapes}`,
      bars: keys.map((k) => {
        const e = r.engines[k];
        const label = k.startsWith('kiln') ? `Kiln (${k.slice(5) || 'none'})` : k;
        if (!isFigures(e)) return { engine: k, label, note: e ? `cannot run: ${shortError(e.error).slice(0, 100)}` : 'not run' };
        return { engine: k, label: e.matches_wasm ? label : `${label} ✗`, median: e.median_ms, p10: e.p10_ms, p90: e.p90_ms };
      }),
    };
  });
}

/** What out/bench/<model>.json holds: the report, plus the pipelines that were not run and why. */
type SavedReport = BenchReport & { readonly skipped_pipelines: { pipeline: string; why: string }[] };

const outDir = join(root, 'out/bench');
mkdirSync(outDir, { recursive: true });
const session = await openBenchSession(root, log, !values['docs-only']);
const reports: BenchReport[] = [];
const skipped: Record<string, { pipeline: string; why: string }[]> = {};
try {
  for (const m of models) {
    if (values['docs-only']) {
      const saved = join(outDir, `${m.id}.json`);
      if (!existsSync(saved)) continue;
      const report = JSON.parse(readFileSync(saved, 'utf8')) as SavedReport;
      reports.push(report);
      skipped[m.id] = report.skipped_pipelines ?? [];
      continue;
    }
    const path = join(root, 'public/models', m.file);
    if (!existsSync(path)) {
      log(`${m.id}: ${path} is missing (npm install copies it); skipped`);
      continue;
    }
    const model = loadModelFile(path).model;
    const inputs = inputsFor(m.id, m.inputs);
    const plan = await compilingPipelines(model, inputs);
    skipped[m.id] = plan.skipped;
    log(`\n── ${m.id}: Kiln pipelines ${plan.run.join(', ')} ──`);
    const report = await benchModel(session, { label: m.id, model, pipelines: plan.run, optimized: plan.optimized, peers: [...PEERS], warmup, runs, seed: 0, inputs, dims: {}, log });
    const saved: SavedReport = { ...report, skipped_pipelines: plan.skipped };
    writeFileSync(join(outDir, `${m.id}.json`), reportJson(saved));
    formatReport(report).forEach((line) => log(line));
    reports.push(report);
  }
  if (!values['no-docs'] && reports.length) {
    const chart = 'benchmarks.png';
    const first = reports[0]!;
    const setName = nightly ? 'nightly (full sizes)' : 'CI set (reduced sizes)';
    const svg = benchChartSvg(chartGroups(reports), `Kiln vs onnxruntime-web — ${setName}`, `${first.environment.browser}, ${first.environment.adapter ?? ''}; ${first.runs} interleaved runs per engine; ${first.environment.date.slice(0, 10)}; ✗ = outputs differ from onnxruntime-web WASM`);
    await renderSvgPng(session, svg, join(root, 'docs', chart));
    const docPath = join(root, 'docs/benchmarks.md');
    const section = benchmarksSection({ reports, set: nightly ? 'nightly' : 'ci', command: `npm run bench${nightly ? ' -- --nightly' : ''}`, skipped, chart, nightlySizes: NIGHTLY_SIZES });
    writeFileSync(docPath, replaceSection(existsSync(docPath) ? readFileSync(docPath, 'utf8') : undefined, section));
    log(`\nwrote docs/benchmarks.md (WebGPU backend section), docs/${chart}${values['docs-only'] ? '' : ', out/bench/*.json'}`);
  }
} finally {
  await session.close();
}
process.exit(0);
