// quantize-static's sentences: one per weighted op (its weight, bias and folded activation) and a
// summary with the ops, the activations, the calibration and the bytes.
import { tensorByteLength } from '../../ir/tensor.ts';
import type { Explanation } from '../pass.ts';
import { formatBytes, formatShape } from '../support/describe.ts';
import type { CalibrationTable } from './calibrate.ts';
import type { QuantType } from './quant-params.ts';
import type { StaticPlan } from './static-plan.ts';
import type { WeightQdq } from './static-weights.ts';

const bytes = (list: readonly WeightQdq[], side: 'source' | 'stored') =>
  list.reduce((s, w) => s + (side === 'source' ? tensorByteLength(w.source) : w.stored.reduce((a, t) => a + tensorByteLength(t), 0)), 0);

export function explainStatic(p: StaticPlan, weights: readonly WeightQdq[], biases: readonly WeightQdq[], table: CalibrationTable, type: QuantType): Explanation[] {
  const out: Explanation[] = [];
  const byName = new Map(weights.map((w) => [w.source.name, w]));
  for (const q of p.ops) {
    const parts: string[] = [];
    const w = byName.get(q.weights.get(1)?.tensor.name ?? '');
    if (w) parts.push(`weight ${w.source.name} ${formatShape(w.source.dims)} to int8 with ${w.scales.length} per-channel scales (${formatBytes(bytes([w], 'source'))} → ${formatBytes(bytes([w], 'stored'))})`);
    if (q.node.opType === 'Conv' && q.weights.has(2) && w) parts.push('bias to int32 at scale s_x·s_w');
    if (q.folded) parts.push(`folded ${q.folded.opType} ${q.folded.id} into its output quantization (its range starts at 0, so zero point 0 clips as it did)`);
    if (!parts.length) continue;
    out.push({ rule: `quantize-static/${q.node.opType.toLowerCase()}`, message: `${q.node.opType} ${q.node.id}: ${parts.join('; ')}`, matched: [q.node.id, ...(q.folded ? [q.folded.id] : [])], produced: [] });
  }
  const counts = new Map<string, number>();
  for (const q of p.ops) counts.set(q.node.opType, (counts.get(q.node.opType) ?? 0) + 1);
  const ops = [...counts].map(([op, k]) => `${k} ${op}`).join(', ');
  const folded = p.ops.filter((q) => q.folded).length;
  const scheme = type === 'uint8' ? 'uint8 asymmetric' : 'int8 symmetric';
  const all = [...weights, ...biases];
  out.push({
    rule: 'quantize-static/summary',
    message:
      `quantized ${p.ops.length} ops (${ops}) with QuantizeLinear/DequantizeLinear on ${p.tensors.length} activations (${scheme}, ${table.method} calibration over ${table.samples} sample${table.samples === 1 ? '' : 's'})` +
      `; ${weights.length} weight${weights.length === 1 ? '' : 's'} to int8 per channel${biases.length ? ` and ${biases.length} bias${biases.length === 1 ? '' : 'es'} to int32` : ''} (${formatBytes(bytes(all, 'source'))} → ${formatBytes(bytes(all, 'stored'))})` +
      (folded ? `; folded ${folded} Relu/Clip into the quantization before them` : ''),
    matched: p.ops.map((q) => q.node.id),
    produced: [],
  });
  return out;
}
