// The rows of `kiln compare`: for the original and each pipeline, the figures the app's compare
// view shows (src/passes/metrics, static shapes from the inputs) and the numeric error of the
// pipeline's result against the original (src/passes/verify, onnxruntime-node).
import type { Model, Tensor } from '../ir/types.ts';
import { modelMetrics, type ModelMetrics } from '../passes/metrics/index.ts';
import { tensorToNumbers } from '../ir/tensor.ts';
import { exportModel } from '../ir/onnx/export.ts';
import { FLOAT32_TOLERANCE, type ModelRunner } from '../passes/pipelines.ts';
import { formatRelL2 } from '../passes/verify/format.ts';
import { OutputCache } from '../passes/verify/output-cache.ts';
import { verifyPipeline, type NamedPipeline, type PipelineVerification } from '../passes/verify/verify-pipeline.ts';
import { formatBytes } from './format.ts';

export interface CompareRow extends ModelMetrics {
  readonly pipeline: string;
  readonly relL2: number;
  /** Largest absolute difference from the original over every output. */
  readonly maxAbsError: number;
  readonly tolerance: number;
  readonly ok: boolean;
  readonly passMs: number;
  readonly verification?: Omit<PipelineVerification, 'model'>;
}

export interface Comparison {
  readonly rows: CompareRow[];
  /** Caveats about the figures (an output of the original that is mostly zeros, say). */
  readonly notes: string[];
}

/**
 * An output mostly made of exact zeros (a saturated Sigmoid, a ReLU map on random inputs) makes
 * rel L2 a measure of rounding in the few values left: say so, and point at the absolute error.
 */
function zeroNotes(model: Model, reference: readonly Tensor[]): string[] {
  return reference.flatMap((t, i) => {
    if (t.data.kind === 'strings') return [];
    const v = tensorToNumbers(t);
    let zeros = 0;
    let max = 0;
    for (const x of v) (x === 0 ? zeros++ : (max = Math.max(max, Math.abs(x))));
    if (!v.length || zeros < v.length / 2) return [];
    const name = model.graph.outputs[i]?.name ?? `output ${i}`;
    return [`output ${name} of the original is ${((100 * zeros) / v.length).toFixed(0)}% exact zeros (largest |value| ${max.toExponential(1)}): its rel L2 measures rounding in the rest; compare max abs`];
  });
}

export async function compareRows(model: Model, pipelines: readonly NamedPipeline[], inputs: readonly Tensor[], run: ModelRunner, samples?: readonly Tensor[][]): Promise<Comparison> {
  const inputShapes = Object.fromEntries(inputs.map((t) => [t.name, [...t.dims]]));
  const cache = new OutputCache(run, inputs);
  const reference = await cache.outputs(exportModel(model));
  const rows: CompareRow[] = [{ pipeline: '(original)', ...modelMetrics(model, { inputShapes }), relL2: 0, maxAbsError: 0, tolerance: FLOAT32_TOLERANCE, ok: true, passMs: 0 }];
  for (const p of pipelines) {
    const { model: optimized, ...v } = await verifyPipeline(model, p, inputs, run, { cache, ...(samples ? { samples } : {}) });
    const maxAbsError = v.outputs.reduce((m, o) => Math.max(m, o.maxAbsError), v.problem ? Infinity : 0);
    rows.push({ pipeline: p.name, ...modelMetrics(optimized, { inputShapes }), relL2: v.relL2, maxAbsError, tolerance: v.tolerance, ok: v.ok, passMs: Number((v.passMs + v.prepareMs).toFixed(3)), verification: v });
  }
  return { rows, notes: zeroNotes(model, reference) };
}

const COLUMNS: readonly [string, (r: CompareRow) => string][] = [
  ['nodes', (r) => String(r.nodes)],
  ['fused', (r) => String(r.fusedKernels)],
  ['weights', (r) => formatBytes(r.weightBytes)],
  ['traffic', (r) => formatBytes(r.memoryTrafficBytes)],
  ['peak act.', (r) => formatBytes(r.peakActivationBytes)],
  ['rel L2', (r) => (r.pipeline === '(original)' ? '-' : `${formatRelL2(r.relL2)}${r.ok ? '' : ' (over bound)'}`)],
  ['max abs', (r) => (r.pipeline === '(original)' ? '-' : formatRelL2(r.maxAbsError))],
  ['bound', (r) => (r.pipeline === '(original)' ? '-' : String(r.tolerance))],
  ['ms', (r) => r.passMs.toFixed(0)],
];

export function printCompareTable(path: string, inputs: readonly Tensor[], { rows, notes }: Comparison, out: (s: string) => void): void {
  out(`${path} on ${inputs.map((t) => `${t.name} [${t.dims.join(',')}]`).join(', ')}`);
  const head = ['pipeline', ...COLUMNS.map(([h]) => h)];
  const body = rows.map((r) => [r.pipeline, ...COLUMNS.map(([, f]) => f(r))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out(line(head));
  for (const b of body) out(line(b));
  const unsized = rows.filter((r) => r.unsizedValues > 0).map((r) => r.pipeline);
  if (unsized.length) out(`note: memory figures are lower bounds for ${unsized.join(', ')} (values without a static shape count 0 bytes)`);
  for (const n of notes) out(`note: ${n}`);
  out('traffic: bytes every node reads and writes; peak act.: largest live activation bytes over the node order (estimates from static shapes); rel L2: worst output vs the original in onnxruntime-node');
}
