// Bench results as text: the engine table, the Kiln/peer ratios and the per-kernel efficiency
// table. One formatter for the CLI (plain columns) and docs/benchmarks.md (Markdown tables).
import type { BenchResult, EngineEntry, EngineFigures, KernelFigure, KilnPlanFigures } from './results.ts';
import { isFigures } from './results.ts';

export type TableStyle = 'text' | 'markdown';

export function table(header: readonly string[], rows: readonly (readonly string[])[], style: TableStyle): string[] {
  if (style === 'markdown') {
    const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
    return [line(header), line(header.map((h, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)];
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function ms(x: number): string {
  return x < 1 ? `${(x * 1000).toFixed(0)} µs` : x < 100 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function count(n: number): string {
  const units = [['G', 1e9], ['M', 1e6], ['K', 1e3]] as const;
  for (const [u, s] of units) if (n >= s) return `${(n / s).toFixed(n / s < 10 ? 2 : 1)} ${u}`;
  return String(Math.round(n));
}

const fixed = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const l2 = (x: number | null) => (x === null ? '—' : x === 0 ? '0' : x.toExponential(1));

/**
 * The Kiln engine the ratio column divides by: the best pipeline; else (none matched WASM, or
 * only one ran) the fastest Kiln engine that ran.
 */
export function referenceKiln(result: BenchResult): string | undefined {
  const keys = Object.keys(result.engines).filter((k) => k === 'kiln' || k.startsWith('kiln:'));
  if (result.best_pipeline !== undefined) return keys.find((k) => k === `kiln:${result.best_pipeline}`);
  const median = (k: string) => {
    const e = result.engines[k];
    return isFigures(e) ? e.median_ms : Infinity;
  };
  return keys.filter((k) => isFigures(result.engines[k])).sort((a, b) => median(a) - median(b))[0];
}

/** The error an engine is judged by: rel L2, or for Sigmoid outputs max abs (output-check.ts) with rel L2 beside it. */
export function judgedError(e: EngineFigures): string {
  if (e.max_abs_vs_wasm === undefined) return l2(e.rel_l2_vs_wasm);
  return `max abs ${l2(e.max_abs_vs_wasm)} (rel L2 ${l2(e.rel_l2_vs_wasm)})`;
}

export function engineTable(result: BenchResult, style: TableStyle): string[] {
  const ref = referenceKiln(result);
  const kiln = ref ? result.engines[ref] : undefined;
  const byAbs = Object.values(result.engines).some((e) => isFigures(e) && e.max_abs_vs_wasm !== undefined);
  const header = ['engine', 'median', 'p90', 'spread (p90−p10)', `${ref ?? 'kiln'} / engine`, 'dispatches', 'peak GPU (timed)', 'peak GPU (all)', byAbs ? 'error vs wasm' : 'rel L2 vs wasm'];
  const errors: string[] = [];
  const rows = Object.entries(result.engines).map(([key, e]: [string, EngineEntry]) => {
    const name = key === ref && result.best_pipeline !== undefined ? `${key} (best)` : key;
    if (!isFigures(e)) {
      // Plain text keeps its columns narrow: the message goes under the table.
      if (style === 'text') errors.push(`${key}: ${e.error}`);
      return [name, style === 'text' ? 'failed (below)' : `**failed**: ${e.error}`, '', '', '', '', '', '', ''];
    }
    const r = isFigures(kiln) && key !== ref ? kiln.median_ms / e.median_ms : undefined;
    return [
      name,
      ms(e.median_ms),
      ms(e.p90_ms),
      ms(e.spread_ms),
      r === undefined ? '—' : `${r.toFixed(2)}×`,
      String(e.dispatches),
      bytes(e.peak_gpu_bytes),
      bytes(e.peak_gpu_bytes_overall),
      `${judgedError(e)}${e.matches_wasm ? '' : ' ✗'}`,
    ];
  });
  return [...table(header, rows, style), ...errors];
}

export function kernelTable(kernels: readonly KernelFigure[], style: TableStyle): string[] {
  const header = ['kernel', 'op', 'variant', 'median', 'bytes', 'FLOPs', 'FLOP/byte', 'GB/s', 'of copy', 'GFLOP/s', 'of matmul'];
  const rows = kernels.map((k) => [
    k.id,
    k.op,
    k.variant,
    Number.isFinite(k.median_us) ? ms(k.median_us / 1000) : '—',
    bytes(k.bytes),
    count(k.flops),
    fixed(k.bytes ? k.flops / k.bytes : null, 2),
    fixed(k.gb_per_s, 2),
    k.kind === 'streaming' ? pct(k.fraction_of_copy) : `(${pct(k.fraction_of_copy)})`,
    fixed(k.gflop_per_s, 2),
    k.kind === 'compute' ? pct(k.fraction_of_matmul) : k.fraction_of_matmul === null ? '—' : `(${pct(k.fraction_of_matmul)})`,
  ]);
  return table(header, rows, style);
}

function pct(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(0)}%`;
}

export function planLine(key: string, p: KilnPlanFigures): string {
  const intensity = p.bytes ? (p.flops / p.bytes).toFixed(2) : '—';
  const gpu = p.kernel_sum_ms === null ? '' : `, kernels ${ms(p.kernel_sum_ms)} per inference (timestamps)`;
  return `${key}: ${p.kernels} kernels${gpu}, ${bytes(p.bytes)} moved, ${count(p.flops)}FLOP, ${intensity} FLOP/byte; planned activations ${bytes(p.planned_activation_bytes)} (lower bound ${bytes(p.lower_bound_bytes)}), weights ${bytes(p.weight_bytes)}`;
}

/** The whole report as the CLI prints it. */
export function formatReport(result: BenchResult & { environment: { browser?: string } }): string[] {
  const shapes = Object.entries(result.input_shapes).map(([n, s]) => `${n}=[${s.join(',')}]`).join(' ');
  const pipelines = Array.isArray(result.pipeline) ? result.pipeline.join(', ') : result.pipeline;
  const lines = [
    `${result.model} ${shapes}, Kiln pipeline${Array.isArray(result.pipeline) ? 's' : ''} ${pipelines}; ${result.runs} timed runs each after ${result.warmup} warm-ups, interleaved`,
    `${result.environment.browser ?? ''} ${result.environment.adapter ?? ''}`.trim(),
    '',
    ...engineTable(result, 'text'),
  ];
  if (Object.values(result.engines).some((e) => isFigures(e) && !e.matches_wasm)) lines.push('✗: outputs differ from onnxruntime-web WASM by more than the engine\'s bound (a pipeline\'s own bound for Kiln, 1e-3 for peers)');
  const micro = result.micro;
  if (micro) {
    lines.push('', `reference kernels on Kiln's device: vec4 copy ${micro.copies.map((c) => `${c.gbPerS.toFixed(2)} GB/s (${bytes(c.bytes)})`).join(', ')}; register-blocked matmul ${micro.matmul.m}³ ${micro.matmul.gflopPerS.toFixed(2)} GFLOP/s`);
  }
  // Every plan in one line each; the kernels of the reference (best) Kiln engine only.
  const ref = referenceKiln(result);
  lines.push('');
  for (const [key, plan] of Object.entries(result.kiln_plans)) lines.push(planLine(key, plan));
  const plan = ref ? result.kiln_plans[ref] : undefined;
  if (plan) lines.push('', `kernels of ${ref}:`, ...kernelTable(plan.kernel_list, 'text'));
  return lines;
}
