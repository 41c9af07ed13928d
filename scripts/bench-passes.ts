// npm run bench:passes — how long pipelines take: every pipeline that needs no calibration on the
// largest bundled model (PaddleOCR-det) and on a generated 10,000-node graph, medians of several
// runs after warm-up, per pipeline and per pass (docs/benchmarks.md, "Passes"). Benchmarks, not
// tests: nothing here fails on a slow machine; the goals are stated next to the figures.
//   npm run bench:passes [-- --runs N] [-- --pipelines a,b] [-- --cpu-prof-pass ID]
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GraphBuilder, makeModel } from '../src/ir/builder.ts';
import { tensorFromNumbers } from '../src/ir/tensor.ts';
import type { Model } from '../src/ir/types.ts';
import { WeightFactory } from '../src/models/weights.ts';
import { runPipeline } from '../src/passes/pipeline.ts';
import { PIPELINES } from '../src/passes/pipelines.ts';
import { bundledModels, loadModel } from '../src/test-support/models.ts';

/**
 * One block of a realistic mix, 22 nodes on [1,8,4,4] activations: a Conv/BatchNorm/Relu layer
 * (a residual Add every other block), a shape chain (Shape → Gather → Unsqueeze → Concat →
 * Reshape), a token MatMul + bias Add + GELU written out as ops, an elementwise chain, and the
 * way back to NCHW.
 */
function addBlock(b: GraphBuilder, w: WeightFactory, x: string, i: number): string {
  const k = (name: string, dims: number[], lo = -0.5, hi = 0.5) => b.initializer(w.uniform(`${name}${i}`, dims, lo, hi));
  const scalar = (name: string, v: number) => b.initializer(tensorFromNumbers(`${name}${i}`, 'float32', [], [v]));
  const ints = (name: string, dims: number[], v: number[]) => b.initializer(tensorFromNumbers(`${name}${i}`, 'int64', dims, v));
  const conv = b.node('Conv', [x, k('w', [8, 8, 1, 1]), k('b', [8])]);
  const bn = b.node('BatchNormalization', [conv, k('g', [8], 0.5, 1.5), k('be', [8]), k('m', [8]), k('v', [8], 0.5, 1.5)]);
  const r = b.node('Relu', [bn]);
  const h = i % 2 ? b.node('Add', [r, x]) : r;
  const shape = b.node('Shape', [h]);
  const n = b.node('Unsqueeze', [b.node('Gather', [shape, ints('i', [], [0])]), ints('ax', [1], [0])]);
  const t = b.node('Transpose', [b.node('Reshape', [h, b.node('Concat', [n, ints('s', [2], [8, 16])], { attrs: { axis: 0 } })])], { attrs: { perm: [0, 2, 1] } });
  const u = b.node('Add', [b.node('MatMul', [t, k('W', [8, 8])]), k('B', [8])]);
  const gelu = b.node('Mul', [b.node('Mul', [u, b.node('Add', [b.node('Erf', [b.node('Div', [u, scalar('sqrt2_', Math.SQRT2)])]), scalar('one', 1)])]), scalar('half', 0.5)]);
  const e = b.node('Sigmoid', [b.node('Add', [b.node('Mul', [gelu, k('c', [8])]), k('d', [8])])]);
  const back = b.node('Transpose', [b.node('Mul', [e, gelu])], { attrs: { perm: [0, 2, 1] } });
  return b.node('Reshape', [back, ints('nchw', [4], [1, 8, 4, 4])]);
}

export function mixedGraph(nodes: number): Model {
  const w = new WeightFactory(31);
  const b = new GraphBuilder('mixed');
  let x = b.input('x', 'float32', [1, 8, 4, 4]);
  for (let i = 0; 22 * (i + 1) + (i + 1) / 2 <= nodes; i++) x = addBlock(b, w, x, i);
  b.node('Relu', [x], { outputs: ['y'] });
  b.output('y', 'float32', [1, 8, 4, 4]);
  return makeModel(b.build());
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Timing {
  readonly total: number[];
  /** CPU time of this process (user + system, all threads) per run: less sensitive to other load. */
  readonly cpu: number[];
  readonly perPass: Map<string, number[]>;
  nodesAfter: number;
}

function bench(model: Model, pipeline: string, runs: number, warmup: number): Timing {
  const passes = PIPELINES[pipeline]!.passes;
  const timing: Timing = { total: [], cpu: [], perPass: new Map(), nodesAfter: 0 };
  for (let r = 0; r < warmup + runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const steps = runPipeline(model, passes);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    timing.nodesAfter = steps.at(-1)?.result.model.graph.nodes.length ?? model.graph.nodes.length;
    if (r < warmup) continue;
    timing.total.push(ms);
    timing.cpu.push((c.user + c.system) / 1000);
    steps.forEach((s, i) => {
      const key = `${i + 1}. ${s.pass.id}`;
      timing.perPass.set(key, [...(timing.perPass.get(key) ?? []), s.ms]);
    });
  }
  return timing;
}

const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, pipelines: { type: 'string' }, detail: { type: 'string' } } });
  const runs = Number(values.runs ?? 7);
  const names = values.pipelines?.split(',') ?? Object.keys(PIPELINES).filter((n) => !PIPELINES[n]!.prepare && n !== 'none');
  const detail = values.detail?.split(',') ?? ['ort-extended'];
  const det = bundledModels().find((c) => c.id === 'paddleocr-det')!;
  const graphs: [string, Model, number][] = [
    ['paddleocr-det', loadModel(det.path), 100],
    ['mixed-10k', mixedGraph(10_000), 1000],
  ];
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`medians of ${runs} runs after 2 warm-up runs; ratio = median / goal`);
  for (const [label, model, goal] of graphs) {
    console.log(`\n${label}: ${model.graph.nodes.length} nodes (goal for ort-extended: ${goal} ms)`);
    console.log('| pipeline | nodes after | median ms | min ms | max ms | median CPU ms | ratio to goal |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    const timings = new Map<string, Timing>();
    for (const name of names) {
      const t = bench(model, name, runs, 2);
      timings.set(name, t);
      console.log(`| ${name} | ${t.nodesAfter} | ${f(median(t.total))} | ${f(Math.min(...t.total))} | ${f(Math.max(...t.total))} | ${f(median(t.cpu))} | ${(median(t.total) / goal).toFixed(2)} |`);
    }
    for (const name of detail) {
      const t = timings.get(name) ?? bench(model, name, runs, 2);
      const total = median(t.total);
      console.log(`\n${label}, ${name} per pass:\n| pass | median ms | share of the pipeline's median |\n|---|---:|---:|`);
      for (const [pass, ms] of t.perPass) console.log(`| ${pass} | ${f(median(ms))} | ${((100 * median(ms)) / total).toFixed(0)}% |`);
    }
  }
}

// Runs only as a script (the generator is importable, e.g. for profiling).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
