// The "WebGPU backend" section of docs/benchmarks.md, written by `npm run bench` from the run's
// results. It sits between two marker comments so the rest of the file (the "Passes" section,
// anything written by hand) is never touched.
import { explainPlans } from './explain.ts';
import { bytes, engineTable, kernelTable, referenceKiln } from './format.ts';
import { GOALS, evaluateGoals, type GoalVerdict } from './goals.ts';
import type { BenchReport } from './node/run-bench.ts';
import { isFigures } from './results.ts';

export const SECTION_BEGIN = '<!-- kiln-bench:begin — written by `npm run bench` (scripts/bench-models.ts); edit that, not this section -->';
export const SECTION_END = '<!-- kiln-bench:end -->';

/** `doc` with the section replaced (or appended; a new file gets a title). */
export function replaceSection(doc: string | undefined, section: string): string {
  const block = `${SECTION_BEGIN}\n${section.trimEnd()}\n${SECTION_END}`;
  if (doc === undefined || doc.trim() === '') return `# Benchmarks\n\n${block}\n`;
  const begin = doc.indexOf(SECTION_BEGIN.slice(0, 20));
  const end = doc.indexOf(SECTION_END);
  if (begin >= 0 && end > begin) return `${doc.slice(0, begin)}${block}${doc.slice(end + SECTION_END.length)}`;
  return `${doc.trimEnd()}\n\n${block}\n`;
}

export const VISION_MODELS = ['cnn', 'paddleocr-det', 'paddleocr-cls'];

export interface SectionInput {
  readonly reports: readonly BenchReport[];
  readonly set: 'ci' | 'nightly';
  readonly command: string;
  /** Pipelines that were not run for a model, with why (they do not compile for Kiln's kernels). */
  readonly skipped: Readonly<Record<string, readonly { pipeline: string; why: string }[]>>;
  readonly chart: string;
  readonly nightlySizes: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
}

function verdict(v: GoalVerdict): string {
  if (v.met === null) return 'unknown';
  const r = v.ratio === null ? '' : `${v.ratio.toFixed(2)}× `;
  return `${r}${v.met ? '**met**' : '**not met**'}`;
}

/** The error of a Kiln engine without its boilerplate: what is unsupported. */
export function shortError(error: string): string {
  return error.replace(/^Kiln's WebGPU backend cannot run this model yet: /, '').replace(/ \(first: .*\)$/, '');
}

const shapesOf = (r: BenchReport) => Object.entries(r.input_shapes).map(([n, s]) => `${n} [${s.join(', ')}]`).join(', ');

function methodLines(first: BenchReport): string[] {
  const env = first.environment;
  return [
    '### How these numbers are taken',
    '',
    `- **One browser, one set of Dawn settings.** Every engine runs in the same headless Chromium (${env.browser}, \`${env.chromium_path}\`) started with \`${env.chromium_flags.join(' ')}\`, on the adapter "${env.adapter ?? 'unknown'}". Robustness and timestamp settings are per browser, so they are identical for all engines; features and limits are per device: ${env.kiln_device} (see "Devices" below).`,
    `- **Kiln as the app runs it.** The model after each pipeline is compiled by \`compileModel\` in a dedicated worker on a device from the app's \`acquireDevice\`; one inference is one \`CompiledModel.run\` (upload, every kernel, outputs read back and converted). onnxruntime-web ${'1.30'} runs the original model (its own graph optimizations at level "all") in one worker per engine: \`ort-webgpu\` (\`onnxruntime-web/webgpu\`, the C++ WebGPU EP), \`ort-jsep\` (the default import, the TypeScript JSEP EP) and \`ort-wasm\` (\`onnxruntime-web/wasm\`), all with one WASM thread; outputs are read back to the CPU in every run.`,
    `- **Interleaved.** Each engine warms up (${first.warmup} runs), then the engines run round-robin, ${first.runs} timed runs each, the order rotated every round, so a stall of the shared machine falls on every engine alike. Figures are medians; *spread* is p90 − p10 of the wall time per inference, measured with \`performance.now()\` inside each engine's worker (the page is cross-origin isolated: 5 µs clocks).`,
    '- **Dispatches and GPU bytes are counted the same way for every engine**, by wrapping `GPUComputePassEncoder.prototype.dispatchWorkgroups`, `GPUDevice.prototype.createBuffer` and `GPUBuffer.prototype.destroy` in each worker before the engine loads. *Peak GPU (timed)* is the most bytes live at once during the timed runs (weights included); *peak GPU (all)* includes session creation or compilation. A buffer an engine drops without `destroy()` stays counted.',
    '- **Correctness is part of the result.** Every engine\'s outputs (first timed run) are compared with onnxruntime-web WASM on the original model (worst rel L2 over the outputs); ✗ marks an engine outside its bound (a pipeline\'s own bound for Kiln, 1e-3 for peers), and such a Kiln pipeline is never picked as the best. An output computed by a final Sigmoid (PaddleOCR-det\'s probability map) is judged by its largest absolute error instead, against the same bound: with random inputs that Sigmoid saturates at ~1e-10, where onnxruntime\'s approximate sigmoid is up to 68% off, so rel L2 there measures how each engine rounds exp(), not whether it is right (`src/bench/output-check.ts`; Kiln\'s logits are checked against onnxruntime in `src/webgpu-backend/pipelines-matrix.test.ts`).',
    '- **Kernel efficiency.** Kiln\'s per-kernel times come from its timestamp queries in the same timed runs. Bytes are what a kernel must at least read and write (each distinct input and output once), FLOPs the estimate of `src/ir/cost.ts`. Streaming kernels are compared with a vec4 copy, contractions (MatMul, Gemm, Conv…) with a register-blocked 4×4 matmul (512³), both measured on Kiln\'s device before and after the timed runs (never during them), each figure the better of the two. Numbers in parentheses are the other comparison, for reference.',
  ];
}

function describeRequest(r: { requiredFeatures: readonly string[]; requiredLimits: Readonly<Record<string, number>> }): string {
  const limits = Object.entries(r.requiredLimits).map(([k, v]) => `${k} ${v}`).join(', ');
  return `features ${r.requiredFeatures.join(', ') || '(none)'}; limits ${limits || '(defaults)'}`;
}

function deviceLines(first: BenchReport): string[] {
  const lines = ['### Devices', '', 'What each engine asked for when it created its device (features; limits above the WebGPU defaults):', ''];
  // Every Kiln pipeline asks the same way: one line for all of them.
  const seen = new Set<string>();
  for (const [engine, requests] of Object.entries(first.environment.devices)) {
    const r = requests[0];
    if (!r) continue;
    const kiln = engine.startsWith('kiln');
    const text = `${describeRequest(r)}${r.adapterOptions ? `; adapter options ${JSON.stringify(r.adapterOptions)}` : ''}`;
    if (seen.has(`${kiln}:${text}`)) continue;
    seen.add(`${kiln}:${text}`);
    const app = r.appRequest ? ` (the app itself asks for ${describeRequest(r.appRequest)}; bench widened it)` : '';
    lines.push(`- ${kiln ? 'Kiln (every pipeline)' : `\`${engine}\``}: ${text}${app}`);
  }
  lines.push('', 'Kiln\'s kernel generators use no subgroups; its limits only decide what is legal (a kernel binding more storage buffers than the limit is refused at compile time), so the widened request changes no kernel that compiles on the app\'s device. It is there so no engine runs on a device with more room than another; `kiln bench --app-device` uses the app\'s request unchanged.');
  return lines;
}

function caveatLines(): string[] {
  return [
    '### Reading these numbers',
    '',
    '- Kiln runs as the app does, with a timestamp query around every kernel (each kernel is its own compute pass); its wall times include that. onnxruntime-web runs without profiling.',
    '- The peers run the original model with their own graph optimizations; Kiln runs the model each pipeline produced. Outputs are checked against the same WASM reference either way.',
    '- All onnxruntime-web engines use one WASM thread (the machine has two cores shared with other jobs); WASM numbers would improve with threads, the WebGPU engines\' CPU-side work too.',
    '- GPU bytes count buffers only (no engine here uses textures). A buffer an engine drops without `destroy()` counts until the end.',
    '- Bytes per kernel are the compulsory traffic (a lower bound), FLOPs are estimates; a software adapter runs on CPU caches, so a small kernel can beat the 32 MiB copy. Fractions above 100% mean exactly that.',
    '- The machine is shared: spreads are wide, and absolute times move between runs. The interleaving keeps the ratios comparable within a run; compare ratios, not times across runs.',
  ];
}

function modelLines(r: BenchReport, skipped: readonly { pipeline: string; why: string }[]): string[] {
  const lines = [`#### ${r.model} (${shapesOf(r)})`, '', ...engineTable(r, 'markdown'), ''];
  const ref = referenceKiln(r);
  if (r.best_pipeline) lines.push(`Best Kiln pipeline: **${r.best_pipeline}** (lowest median among the pipelines whose outputs match WASM). The ratio column is that pipeline's median over each engine's.`, '');
  else if (ref && ref !== 'kiln') lines.push(`No Kiln pipeline's outputs match WASM here, so none is marked best; the ratio column uses the fastest, ${ref}.`, '');
  if (skipped.length) lines.push(`Not run (do not compile to Kiln's kernels yet): ${skipped.map((s) => `${s.pipeline} (${s.why})`).join('; ')}.`, '');
  const plan = ref ? r.kiln_plans[ref] : undefined;
  if (plan && r.micro) {
    lines.push(
      `<details><summary>Kernels of ${ref}: ${plan.kernels} kernels, bandwidth against a ${r.micro.copyGbPerS.toFixed(2)} GB/s vec4 copy, rate against a ${r.micro.matmul.gflopPerS.toFixed(2)} GFLOP/s matmul on this device</summary>`,
      '',
      ...kernelTable(plan.kernel_list, 'markdown'),
      '',
      '</details>',
      '',
    );
  }
  return lines;
}

/** The model whose plans best show what optimization buys: a vision model where 'none' and a better pipeline both ran. */
function explainTarget(reports: readonly BenchReport[]): { r: BenchReport; base: string; best: string } | undefined {
  const order = [...VISION_MODELS, 'transformer', 'mlp'];
  const sorted = [...reports].sort((a, b) => (order.indexOf(a.model) + 99) % 99 - (order.indexOf(b.model) + 99) % 99);
  for (const r of sorted) {
    const base = 'kiln:none';
    const best = r.best_pipeline ? `kiln:${r.best_pipeline}` : undefined;
    if (best && best !== base && isFigures(r.engines[base]) && isFigures(r.engines[best]) && r.kiln_plans[base] && r.kiln_plans[best]) return { r, base, best };
  }
  return undefined;
}

export function benchmarksSection(input: SectionInput): string {
  const first = input.reports[0];
  if (!first) return '## WebGPU backend\n\nNo results.\n';
  const env = first.environment;
  const lines: string[] = [
    '## WebGPU backend',
    '',
    `Kiln's WebGPU kernels against onnxruntime-web's three engines, side by side in one run. Written by \`${input.command}\` on ${env.date.slice(0, 10)} (${input.set === 'ci' ? 'CI set: reduced input sizes, the PaddleOCR models a few times smaller than in use; not smaller, or their weights, the same bytes in every engine, would be most of the GPU memory measured' : 'nightly set: full input sizes'}).`,
    '',
    `Machine: ${env.cpu}, ${env.cpus} cores, ${bytes(env.memory_bytes)} memory, shared with other jobs; ${env.browser}; WebGPU adapter "${env.adapter ?? 'unknown'}" (SwiftShader: a software Vulkan driver, so GPU figures here are CPU figures — compare ratios, not absolute times). Node ${env.node}.`,
    '',
    `![Median wall time per inference per engine and model](${input.chart})`,
    '',
    '### Goals: Kiln\'s best pipeline against ort-webgpu, per vision model',
    '',
    `| model | Kiln's best pipeline | latency (≤ ${GOALS.latency}×) | dispatches (≤ ${GOALS.dispatches}×) | peak GPU bytes (≤ ${GOALS.peak_gpu_bytes}×) | note |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of input.reports.filter((x) => VISION_MODELS.includes(x.model))) {
    const g = evaluateGoals(r);
    const v = g.verdicts;
    const why = [v.latency, v.dispatches, v.peak_gpu_bytes].find((x) => x.why)?.why;
    const others = g.elsewhere.map((x) => `${x.kiln} meets ${x.goal.replace(/_/g, ' ')} (${x.ratio.toFixed(2)}×)`);
    const note = [why ? shortError(why) : '', ...others].filter(Boolean).join('; ');
    lines.push(`| ${r.model} | ${g.kiln ?? '—'} | ${verdict(v.latency)} | ${verdict(v.dispatches)} | ${verdict(v.peak_gpu_bytes)} | ${note} |`);
  }
  lines.push('', ...methodLines(first), '', '### Results per model', '');
  for (const r of input.reports) lines.push(...modelLines(r, input.skipped[r.model] ?? []));
  const target = explainTarget(input.reports);
  if (target) {
    const { r, base, best } = target;
    const medians = { base: (r.engines[base] as { median_ms: number }).median_ms, best: (r.engines[best] as { median_ms: number }).median_ms };
    lines.push(
      `### Why ${best} beats ${base} on ${r.model}, kernel by kernel`,
      '',
      'A pipeline changes three things for the kernels. Fusion turns a chain of nodes into one kernel, so a tensor that the unoptimized plan writes to memory and the next kernel reads back never leaves registers. Folding moves work to compile time (constants, BatchNorm scales folded into weights). And every kernel saved is a dispatch saved: on this adapter a dispatch costs tens of µs however little it does (see the smallest kernels\' times). The figures below are the two compiled plans\' own data and the timestamps of the same timed runs.',
      '',
      ...explainPlans(r.model, base, r.kiln_plans[base]!, best, r.kiln_plans[best]!, medians), '');
  }
  lines.push(...deviceLines(first), '', ...caveatLines(), '', '### Running it', '');
  lines.push(
    '```sh',
    'npm run bench                      # this section and docs/benchmarks.png (CI set)',
    'npm run bench -- --nightly         # full input sizes (slow on a software adapter)',
    'npx kiln bench cnn --pipeline tvm --against ort-webgpu,ort-wasm --runs 50 --json out.json',
    '```',
    '',
    `Nightly sizes: ${Object.entries(input.nightlySizes).map(([m, s]) => `${m} ${Object.entries(s).map(([n, d]) => `${n} [${d.join(', ')}]`).join(', ')}`).join('; ')}; other models as in the manifest.`,
    '',
    'The raw results (the `--json` shape of `kiln bench`) are written to `out/bench/<model>.json`. A run of a few hundred µs is mostly submit and read-back, not kernels: compare the sum of kernel times with the wall time.',
  );
  return `${lines.join('\n')}\n`;
}
