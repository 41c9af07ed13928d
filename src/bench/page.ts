// bench.html: loads the job the CLI serves, starts one worker per engine (each Kiln pipeline,
// each onnxruntime-web engine), warms them up, then runs them interleaved — round-robin, rotated
// every round — so the machine's noise falls on all of them alike. The result lands on
// window.kilnBench and <body data-status="done|error">.
import type { Remote } from 'comlink';
import type { Tensor } from '../ir/types.ts';
import type { DeviceAsk } from './device-match.ts';
import { startEngine, type EngineHandle } from './engine-handle.ts';
import { bestOf, type MicroResult } from './micro.ts';
import type { BenchJob, EngineApi, KilnEngineApi, PeerName } from './protocol.ts';
import { bestKiln, engineEntry, peerRatios, planFigures, type BenchResult, type EngineEntry, type EngineRecord, type KilnPlanFigures, type PeerRatios } from './results.ts';
import { roundOrder } from './stats.ts';
import { fromWire } from './tensor-wire.ts';

declare global {
  interface Window {
    kilnBench?: { result?: BenchResult; error?: string };
  }
}

/** Peers are held to this rel L2 against WASM (float32 kernels, different summation orders). */
const PEER_TOLERANCE = 1e-3;
/** Beyond these an engine counts as hung: session creation or compilation, then one inference. */
const INIT_LIMIT_MS = 10 * 60_000;
const RUN_LIMIT_MS = 5 * 60_000;

interface Live {
  readonly record: EngineRecord;
  readonly handle: EngineHandle<EngineApi>;
  readonly kiln: boolean;
  readonly timed: boolean;
}

const logBox = document.getElementById('log');
function log(line: string): void {
  console.log(`[kiln-bench] ${line}`);
  if (logBox) logBox.textContent += `${line}\n`;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 400);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

function kilnWorker(name: string): Worker {
  return new Worker(new URL('./kiln.worker.ts', import.meta.url), { type: 'module', name });
}

function ortWorker(name: string): Worker {
  return new Worker(new URL('./ort.worker.ts', import.meta.url), { type: 'module', name });
}

/** One inference; `timed` runs count in the figures (warm-ups and the reference run do not). */
async function run(e: Live, keep: boolean, timed: boolean, live: Live[]): Promise<void> {
  try {
    const sample = await e.handle.guard(e.handle.api.run(keep), RUN_LIMIT_MS, 'one inference');
    if (keep) e.record.outputs = sample.outputs;
    if (timed) e.record.samples.push(sample);
  } catch (err) {
    e.record.error = message(err);
    live.splice(live.indexOf(e), 1);
    log(`${e.record.key}: failed during the runs: ${e.record.error}`);
  }
}

/** The features and limits the first WebGPU peer (the C++ EP before JSEP) asked for, if one started. */
async function peerDeviceAsk(engines: readonly Live[]): Promise<DeviceAsk | undefined> {
  for (const key of ['ort-webgpu', 'ort-jsep']) {
    const peer = engines.find((e) => e.record.key === key && e.record.ready);
    const request = peer ? (await peer.handle.api.devices())[0] : undefined;
    if (request) {
      log(`Kiln's device: features and limits widened to what ${key} asked for`);
      return { features: request.requiredFeatures, limits: request.requiredLimits, from: key };
    }
  }
  return undefined;
}

/** The reference kernels on `e`'s device, combined with an earlier measurement; undefined when they fail. */
async function measureMicro(e: Live, earlier: MicroResult | undefined): Promise<MicroResult | undefined> {
  try {
    // Unguarded: a failure here is the reference kernels', not the engine's, and must not stop it.
    const now = await (e.handle.api as unknown as Remote<KilnEngineApi>).microbenchmarks();
    const micro = earlier ? bestOf(earlier, now) : now;
    log(`microbenchmarks: copy ${now.copyGbPerS.toFixed(2)} GB/s, matmul ${now.matmul.gflopPerS.toFixed(2)} GFLOP/s`);
    return micro;
  } catch (err) {
    log(`microbenchmarks failed: ${message(err)}`);
    return earlier;
  }
}

async function bench(job: BenchJob): Promise<BenchResult> {
  const inputs: Tensor[] = job.inputs.map(fromWire);
  const original = await fetchBytes(job.modelUrl);
  const engines: Live[] = [];
  const kilnKey = (pipeline: string) => (job.kiln.length === 1 ? 'kiln' : `kiln:${pipeline}`);

  for (const k of job.kiln) {
    const key = kilnKey(k.pipeline);
    engines.push({ record: { key, pipeline: k.pipeline, tolerance: k.tolerance, samples: [], devices: [] }, handle: startEngine<EngineApi>(kilnWorker(key)), kiln: true, timed: true });
  }
  const peers: PeerName[] = [...job.peers];
  // WASM is the reference every engine is checked against: it runs even when not compared.
  const withReference = peers.includes('ort-wasm') ? peers : [...peers, 'ort-wasm' as const];
  for (const p of withReference) {
    engines.push({ record: { key: p, tolerance: PEER_TOLERANCE, samples: [], devices: [] }, handle: startEngine<EngineApi>(ortWorker(p)), kiln: false, timed: peers.includes(p) });
  }

  // Start engines one at a time, so compiles and session creation do not compete for the CPU;
  // peers first, so Kiln's device can be asked for what onnxruntime-web's WebGPU EP asked for.
  const live: Live[] = [];
  let match: DeviceAsk | undefined;
  for (const e of [...engines.filter((x) => !x.kiln), ...engines.filter((x) => x.kiln)]) {
    const bytes = e.kiln ? await fetchBytes(job.kiln.find((k) => kilnKey(k.pipeline) === e.record.key)!.modelUrl) : original;
    if (e.kiln && job.matchDevice && !match) match = await peerDeviceAsk(engines);
    try {
      const init = { engine: e.kiln ? 'kiln' : e.record.key, modelBytes: bytes, inputs, inputShapes: job.inputShapes, ...(e.kiln && match ? { matchDevice: match } : {}) };
      e.record.ready = await e.handle.guard(e.handle.api.init(init), INIT_LIMIT_MS, 'starting the engine');
      live.push(e);
      log(`${e.record.key}: ready in ${e.record.ready.initMs.toFixed(0)} ms (${e.record.ready.description})`);
    } catch (err) {
      e.record.error = message(err);
      e.handle.terminate();
      log(`${e.record.key}: ${e.record.error}`);
    }
  }

  for (let r = 0; r < job.warmup; r++) for (const e of roundOrder(live, r)) await run(e, false, false, live);
  log(`warm-up done (${job.warmup} runs each)`);
  const firstKiln = live.find((e) => e.kiln);
  const microBefore = firstKiln ? await measureMicro(firstKiln, undefined) : undefined;
  for (const e of live) await e.handle.api.startTimed();
  // Every engine in the rotation, the untimed reference included, keeps the outputs of its first timed run.
  const timed = live.filter((e) => e.timed);
  const reference = live.find((e) => !e.timed);
  if (reference) await run(reference, true, false, live);
  for (let r = 0; r < job.runs; r++) {
    for (const e of roundOrder(timed.filter((x) => live.includes(x)), r)) await run(e, r === 0, true, live);
    if ((r + 1) % 10 === 0) log(`${r + 1}/${job.runs} rounds`);
  }

  for (const e of engines) {
    if (!e.record.ready || e.record.error !== undefined) continue;
    try {
      e.record.memory = await e.handle.guard(e.handle.api.memory(), RUN_LIMIT_MS, 'reading the counters');
      e.record.devices = await e.handle.guard(e.handle.api.devices(), RUN_LIMIT_MS, 'reading the counters');
    } catch (err) {
      log(`${e.record.key}: counters unavailable: ${message(err)}`);
    }
  }

  // The reference kernels run on the first Kiln engine's device before and after the timed runs
  // (never during them); each figure keeps the better of the two, as a peak should.
  const micro = firstKiln && firstKiln.record.error === undefined ? await measureMicro(firstKiln, microBefore) : microBefore;
  return assemble(job, engines, micro, match);
}

function assemble(job: BenchJob, engines: readonly Live[], micro: MicroResult | undefined, match: DeviceAsk | undefined): BenchResult {
  const wasm = engines.find((e) => e.record.key === 'ort-wasm');
  const reference = wasm?.record.error === undefined ? wasm?.record.outputs : undefined;
  const entries: Record<string, EngineEntry> = {};
  for (const e of engines) if (e.timed) entries[e.record.key] = engineEntry(e.record, reference, job.outputChecks);
  const kilnKeys = engines.filter((e) => e.kiln).map((e) => e.record.key);
  const ratios: Record<string, Record<string, PeerRatios>> = {};
  const plans: Record<string, KilnPlanFigures> = {};
  for (const e of engines.filter((x) => x.kiln)) {
    ratios[e.record.key] = Object.fromEntries(job.peers.map((p) => [p, peerRatios(entries[e.record.key], entries[p])]));
    const kernelRuns = e.record.samples.map((s) => s.kernelMs ?? []);
    const plan = planFigures(e.record.ready, kernelRuns, micro);
    if (plan) plans[e.record.key] = plan;
  }
  const best = bestKiln(entries, kilnKeys);
  const adapter = engines.find((e) => e.record.ready?.kiln)?.record.ready?.kiln?.adapter;
  return {
    model: job.model,
    pipeline: job.kiln.length === 1 ? job.kiln[0]!.pipeline : job.kiln.map((k) => k.pipeline),
    ...(best && job.kiln.length > 1 ? { best_pipeline: engines.find((e) => e.record.key === best)!.record.pipeline! } : {}),
    input_shapes: job.inputShapes,
    warmup: job.warmup,
    runs: job.runs,
    order: 'interleaved round-robin, rotated each round',
    spread: 'p90 - p10',
    engines: entries,
    ratios,
    kiln_plans: plans,
    ...(micro ? { micro } : {}),
    environment: {
      user_agent: navigator.userAgent,
      cross_origin_isolated: self.crossOriginIsolated,
      ...(adapter ? { adapter } : {}),
      kiln_device: match ? `the app's request widened to ${match.from}'s features and limits` : "the app's request (acquireDevice)",
      devices: Object.fromEntries(engines.filter((e) => e.record.devices.length).map((e) => [e.record.key, e.record.devices])),
    },
  };
}

async function main(): Promise<void> {
  document.body.dataset.status = 'running';
  try {
    const r = await fetch('/__bench/job.json');
    if (!r.ok) throw new Error('no benchmark job is being served here: run `kiln bench MODEL`');
    const result = await bench((await r.json()) as BenchJob);
    window.kilnBench = { result };
    document.body.dataset.status = 'done';
  } catch (e) {
    window.kilnBench = { error: message(e) };
    log(`error: ${message(e)}`);
    document.body.dataset.status = 'error';
  }
}

void main();
