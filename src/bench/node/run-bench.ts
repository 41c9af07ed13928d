// `kiln bench` from Node: optimizes the model once per Kiln pipeline (as `kiln optimize` does),
// makes seeded inputs, serves the job beside the built app, and lets bench.html in headless
// Chromium run every engine interleaved. A session (server + browser) can serve many models.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { InputError } from '../../ir/errors.ts';
import { runtimeInputs } from '../../ir/graph.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import { FLOAT32_TOLERANCE, PIPELINES, pipelineTolerance, type PipelineDef } from '../../passes/pipelines.ts';
import { runPipelineDef } from '../../passes/presets/run.ts';
import { resolvePipeline } from '../../passes/registry.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { outputChecks } from '../output-check.ts';
import type { BenchJob, PeerName } from '../protocol.ts';
import type { BenchResult, EngineEntry } from '../results.ts';
import { toWire } from '../tensor-wire.ts';
import { ensureBuilt } from './app-build.ts';
import { BENCH_CHROMIUM_ARGS, assertChromium, launchChromium } from './browser.ts';
import { serveApp, type BenchServer } from './serve.ts';

export interface BenchSession {
  readonly browser: Browser;
  readonly server: BenchServer;
  readonly chromiumPath: string;
  close(): Promise<void>;
}

export interface BenchOptions {
  /** What the report calls the model (a bundled id or the file path). */
  readonly label: string;
  readonly model: Model;
  /** Kiln pipelines: preset names or comma lists of pass ids; each becomes one Kiln engine. */
  readonly pipelines: readonly string[];
  readonly peers: readonly PeerName[];
  readonly warmup: number;
  readonly runs: number;
  readonly seed: number;
  /** Input shapes (and fixed values) by input name; other inputs get symbolic dims from `dims`, else 1. */
  readonly inputs: readonly { name: string; shape: readonly number[]; values?: readonly number[] }[];
  readonly dims: Readonly<Record<string, number>>;
  readonly log: (line: string) => void;
  /** Milliseconds the page may take for the whole job. */
  readonly timeoutMs?: number;
  /** Kiln's device exactly as the app requests it, not widened to onnxruntime-web's request. */
  readonly appDevice?: boolean;
  /** Models a caller already ran the pipelines to, by pipeline name (skips running them again). */
  readonly optimized?: ReadonlyMap<string, Model>;
}

export interface HostInfo {
  readonly browser: string;
  readonly chromium_path: string;
  readonly chromium_flags: readonly string[];
  readonly cpu: string;
  readonly cpus: number;
  readonly memory_bytes: number;
  readonly node: string;
  readonly date: string;
}

export type BenchReport = BenchResult & { readonly environment: BenchResult['environment'] & HostInfo };

export async function openBenchSession(root: string, log: (line: string) => void, build = true): Promise<BenchSession> {
  const outDir = join(root, 'dist');
  assertChromium();
  if (build) await ensureBuilt(root, outDir, log);
  const server = await serveApp(outDir);
  try {
    const { browser, path } = await launchChromium();
    return { browser, server, chromiumPath: path, close: async () => { await browser.close(); await server.close(); } };
  } catch (e) {
    await server.close();
    throw e;
  }
}

function pipelineDef(name: string): Pick<PipelineDef, 'passes' | 'prepare' | 'tolerance'> {
  return Object.hasOwn(PIPELINES, name) ? PIPELINES[name]! : { passes: resolvePipeline(name) };
}

/** onnxruntime-node runs the model for pipelines that calibrate (int8). */
async function nodeRunner(bytes: Uint8Array, inputs: readonly Tensor[], outputNames?: readonly string[]): Promise<Tensor[]> {
  const { runOrt } = await import('../../reference/ort-node.ts');
  return runOrt(bytes, inputs, outputNames ? { outputNames: [...outputNames] } : {});
}

/** The model after `pipeline` (a preset, or a comma list of pass ids); calibrating presets run on `inputs`. */
export async function optimizeFor(model: Model, pipeline: string, inputs: readonly Tensor[], seed: number): Promise<Model> {
  return (await runPipelineDef(model, pipelineDef(pipeline), { run: nodeRunner, samples: [inputs], seed })).model;
}

export function benchInputs(model: Model, options: Pick<BenchOptions, 'inputs' | 'dims' | 'seed'>): Tensor[] {
  const declared = runtimeInputs(model.graph).map((v) => v.name);
  for (const i of options.inputs) {
    if (!declared.includes(i.name)) throw new InputError(`--shape names '${i.name}', which is not a model input (inputs: ${declared.join(', ')})`);
  }
  return randomInputs(model.graph, { seed: options.seed, dims: options.dims, inputs: options.inputs });
}

/** Renders an SVG document in the session's Chromium and writes a PNG screenshot of it. */
export async function renderSvgPng(session: BenchSession, svg: string, path: string): Promise<void> {
  const page = await session.browser.newPage({ deviceScaleFactor: 1 });
  try {
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path });
  } finally {
    await page.close();
  }
}

export async function benchModel(session: BenchSession, o: BenchOptions): Promise<BenchReport> {
  const inputs = benchInputs(o.model, o);
  const inputShapes = Object.fromEntries(inputs.map((t) => [t.name, [...t.dims]]));
  const { server } = session;
  server.put('model.onnx', exportModel(o.model));

  // A pipeline that fails before Kiln even compiles is still a result: recorded like a failed peer.
  const failed: Record<string, EngineEntry> = {};
  const kiln: { pipeline: string; modelUrl: string; tolerance: number }[] = [];
  for (const [i, pipeline] of o.pipelines.entries()) {
    try {
      const def = pipelineDef(pipeline);
      const optimized = o.optimized?.get(pipeline) ?? (await optimizeFor(o.model, pipeline, inputs, o.seed));
      server.put(`kiln-${i}.onnx`, exportModel(optimized));
      kiln.push({ pipeline, modelUrl: `/__bench/kiln-${i}.onnx`, tolerance: def.tolerance !== undefined ? pipelineTolerance(def as PipelineDef) : FLOAT32_TOLERANCE });
    } catch (e) {
      const error = `pipeline ${pipeline} failed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
      failed[o.pipelines.length === 1 ? 'kiln' : `kiln:${pipeline}`] = { error, pipeline };
      o.log(error);
    }
  }

  const job: BenchJob = { model: o.label, modelUrl: '/__bench/model.onnx', kiln, peers: o.peers, inputs: inputs.map(toWire), inputShapes, warmup: o.warmup, runs: o.runs, matchDevice: !o.appDevice, outputChecks: outputChecks(o.model) };
  server.put('job.json', JSON.stringify(job));

  const page = await session.browser.newPage();
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('[kiln-bench] ')) o.log(text.slice('[kiln-bench] '.length));
  });
  page.on('pageerror', (e) => o.log(`page error: ${e.message}`));
  try {
    await page.goto(`${server.origin}/bench.html`);
    await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.status ?? ''), undefined, { timeout: o.timeoutMs ?? 30 * 60_000, polling: 250 });
    const outcome = await page.evaluate(() => window.kilnBench);
    if (!outcome?.result) throw new Error(`the bench page failed: ${outcome?.error ?? 'no result'}`);
    const result = outcome.result;
    const engines = kiln.length === 0 ? { ...failed, ...result.engines } : { ...result.engines, ...failed };
    return {
      ...result,
      pipeline: o.pipelines.length === 1 ? o.pipelines[0]! : [...o.pipelines],
      engines,
      environment: { ...result.environment, ...hostInfo(session) },
    };
  } finally {
    await page.close();
  }
}

function hostInfo(session: BenchSession): HostInfo {
  const cpu = cpus();
  return {
    browser: `Chromium ${session.browser.version()}`,
    chromium_path: session.chromiumPath,
    chromium_flags: BENCH_CHROMIUM_ARGS,
    cpu: cpu[0]?.model ?? 'unknown',
    cpus: cpu.length,
    memory_bytes: totalmem(),
    node: process.version,
    date: new Date().toISOString(),
  };
}
