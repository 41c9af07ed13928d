// Why one Kiln pipeline is faster than another on a model, from the two compiled plans' own data:
// kernel counts per op, bytes every kernel must move, FLOPs, arithmetic intensity and measured
// kernel time. Markdown for docs/benchmarks.md.
import { bytes, count, ms, table } from './format.ts';
import type { KernelFigure, KilnPlanFigures } from './results.ts';

interface OpRow {
  kernels: number;
  nodes: number;
  bytes: number;
  flops: number;
  us: number;
}

function byOp(kernels: readonly KernelFigure[]): Map<string, OpRow> {
  const rows = new Map<string, OpRow>();
  for (const k of kernels) {
    const r = rows.get(k.op) ?? { kernels: 0, nodes: 0, bytes: 0, flops: 0, us: 0 };
    r.kernels++;
    r.nodes += k.nodes;
    r.bytes += k.bytes;
    r.flops += k.flops;
    r.us += Number.isFinite(k.median_us) ? k.median_us : 0;
    rows.set(k.op, r);
  }
  return rows;
}

const sumUs = (p: KilnPlanFigures) => p.kernel_list.reduce((s, k) => s + (Number.isFinite(k.median_us) ? k.median_us : 0), 0);
const intensity = (flops: number, b: number) => (b ? (flops / b).toFixed(2) : '—');
const change = (a: number, b: number) => (a ? `${b >= a ? '+' : '−'}${Math.abs((100 * (b - a)) / a).toFixed(0)}%` : '—');

/** Totals, a per-op comparison and both kernel lists, with sentences read off the numbers. */
export function explainPlans(model: string, baseName: string, base: KilnPlanFigures, bestName: string, best: KilnPlanFigures, medians: { base: number; best: number }): string[] {
  const totals = table(
    ['', baseName, bestName, 'change'],
    [
      ['wall time per inference (median)', ms(medians.base), ms(medians.best), change(medians.base, medians.best)],
      ['kernels (= dispatches)', String(base.kernels), String(best.kernels), change(base.kernels, best.kernels)],
      ['bytes moved (compulsory, all kernels)', bytes(base.bytes), bytes(best.bytes), change(base.bytes, best.bytes)],
      ['FLOPs', count(base.flops), count(best.flops), change(base.flops, best.flops)],
      ['arithmetic intensity (FLOP/byte)', intensity(base.flops, base.bytes), intensity(best.flops, best.bytes), ''],
      ['sum of kernel times (GPU timestamps)', ms(sumUs(base) / 1000), ms(sumUs(best) / 1000), change(sumUs(base), sumUs(best))],
      ['planned activation memory', bytes(base.planned_activation_bytes), bytes(best.planned_activation_bytes), change(base.planned_activation_bytes, best.planned_activation_bytes)],
    ],
    'markdown',
  );
  const a = byOp(base.kernel_list);
  const b = byOp(best.kernel_list);
  const ops = [...new Set([...a.keys(), ...b.keys()])];
  const opRows = ops.map((op) => {
    const x = a.get(op);
    const y = b.get(op);
    const cell = (r: OpRow | undefined) => (r ? `${r.kernels} (${r.nodes} nodes), ${bytes(r.bytes)}, ${count(r.flops)}FLOP, ${ms(r.us / 1000)}` : '—');
    return [op, cell(x), cell(y)];
  });
  const fused = best.kernel_list.filter((k) => k.nodes > 1);
  const sentences: string[] = [];
  const dk = base.kernels - best.kernels;
  if (dk > 0) sentences.push(`${bestName} runs ${dk} fewer kernel${dk === 1 ? '' : 's'} than ${baseName}: each kernel is a dispatch with its own launch cost and its own trip through memory.`);
  if (fused.length) {
    sentences.push(`${fused.length} of its kernels compute several graph nodes at once (${fused.slice(0, 6).map((k) => `${k.id}: ${k.nodes} nodes`).join('; ')}${fused.length > 6 ? '; …' : ''}), so the tensors between those nodes are never written to memory and read back.`);
  }
  if (best.bytes < base.bytes) sentences.push(`The bytes every kernel must at least read and write fall by ${change(base.bytes, best.bytes).slice(1)} (${bytes(base.bytes)} → ${bytes(best.bytes)}).`);
  if (best.flops < base.flops) {
    const gone = [...a.keys()].filter((op) => !b.has(op) && (a.get(op)?.flops ?? 0) > 0);
    const folded = gone.includes('BatchNormalization') ? ' BatchNormalization kernels are gone: the passes folded them into the Conv weights at compile time.' : '';
    sentences.push(`Estimated FLOPs fall by ${change(base.flops, best.flops).slice(1)} (${count(base.flops)} → ${count(best.flops)}).${folded}`);
  } else if (best.flops > base.flops) {
    sentences.push(`Estimated FLOPs rise by ${change(base.flops, best.flops).slice(1)}: the fused kernels do more arithmetic (or recompute) to save memory traffic.`);
  }
  if (best.bytes && base.bytes && best.flops / best.bytes > base.flops / base.bytes) sentences.push(`Arithmetic intensity rises from ${intensity(base.flops, base.bytes)} to ${intensity(best.flops, best.bytes)} FLOP/byte: more of the remaining time is arithmetic rather than memory traffic.`);
  const time = (p: KilnPlanFigures, kind: KernelFigure['kind']) => p.kernel_list.filter((k) => k.kind === kind).reduce((t, k) => t + (Number.isFinite(k.median_us) ? k.median_us : 0), 0);
  const baseTotal = sumUs(base);
  if (baseTotal > 0) {
    const share = (100 * time(base, 'compute')) / baseTotal;
    sentences.push(
      `Where the time goes: ${share.toFixed(0)}% of ${baseName}'s kernel time is in contractions (Conv, MatMul, Gemm…), which fusion does not make cheaper; the streaming kernels took ${ms(time(base, 'streaming') / 1000)} there and take ${ms(time(best, 'streaming') / 1000)} in ${bestName}.`,
    );
  }
  if (!sentences.length) sentences.push(`On ${model} the two plans are nearly the same; the difference in time is within the noise of the run.`);
  return [
    ...totals,
    '',
    sentences.join(' '),
    '',
    'Per op type (kernels (graph nodes they compute), bytes moved, FLOPs, summed median kernel time):',
    '',
    ...table(['op', baseName, bestName], opRows, 'markdown'),
    '',
    ...kernelList(baseName, base),
    '',
    ...kernelList(bestName, best),
  ];
}

/** Every kernel of a plan in run order, folded away (HTML details) so the page stays readable. */
function kernelList(name: string, plan: KilnPlanFigures): string[] {
  const rows = plan.kernel_list.map((k) => [k.id, k.op, String(k.nodes), Number.isFinite(k.median_us) ? ms(k.median_us / 1000) : '—', bytes(k.bytes), count(k.flops), intensity(k.flops, k.bytes)]);
  return [
    `<details><summary>${name}: all ${plan.kernels} kernels</summary>`,
    '',
    ...table(['kernel', 'op', 'nodes', 'median', 'bytes', 'FLOPs', 'FLOP/byte'], rows, 'markdown'),
    '',
    '</details>',
  ];
}
