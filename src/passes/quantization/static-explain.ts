// quantize-static's sentences: one per weighted op (its weight, bias and folded activation), named
// with the body it is in ("in If If_0 then_branch: Conv c: …"), and one summary with the ops, the
// activations, the calibration, the bytes and how many of the ops are inside which bodies.
import { tensorByteLength } from '../../ir/tensor.ts';
import type { Explanation } from '../pass.ts';
import { formatBytes, formatShape } from '../support/describe.ts';
import type { CalibrationTable } from './calibrate.ts';
import type { QuantType } from './quant-params.ts';
import { inScope } from './scopes.ts';
import type { ScopeResult } from './static-rewrite.ts';
import type { WeightQdq } from './static-weights.ts';

const bytes = (list: readonly WeightQdq[], side: 'source' | 'stored') =>
  list.reduce((s, w) => s + (side === 'source' ? tensorByteLength(w.source) : w.stored.reduce((a, t) => a + tensorByteLength(t), 0)), 0);

function explainOps(r: ScopeResult): Explanation[] {
  const out: Explanation[] = [];
  const byName = new Map(r.weights.map((w) => [w.source.name, w]));
  for (const q of r.plan.ops) {
    const parts: string[] = [];
    const w = byName.get(q.weights.get(1)?.tensor.name ?? '');
    if (w) parts.push(`weight ${w.source.name} ${formatShape(w.source.dims)} to int8 with ${w.scales.length} per-channel scales (${formatBytes(bytes([w], 'source'))} → ${formatBytes(bytes([w], 'stored'))})`);
    if (q.node.opType === 'Conv' && q.weights.has(2) && w) parts.push('bias to int32 at scale s_x·s_w');
    if (q.folded) parts.push(`folded ${q.folded.opType} ${q.folded.id} into its output quantization (its range starts at 0, so zero point 0 clips as it did)`);
    if (!parts.length) continue;
    out.push({ rule: `quantize-static/${q.node.opType.toLowerCase()}`, message: `${inScope(r.scope)}${q.node.opType} ${q.node.id}: ${parts.join('; ')}`, matched: [q.node.id, ...(q.folded ? [q.folded.id] : [])], produced: [] });
  }
  return out;
}

export function explainStatic(results: readonly ScopeResult[], table: CalibrationTable, type: QuantType): Explanation[] {
  const sorted = [...results].sort((a, b) => a.order - b.order);
  const ops = sorted.flatMap((r) => r.plan.ops);
  const counts = new Map<string, number>();
  for (const q of ops) counts.set(q.node.opType, (counts.get(q.node.opType) ?? 0) + 1);
  const folded = ops.filter((q) => q.folded).length;
  const tensors = sorted.reduce((s, r) => s + r.plan.tensors.length, 0);
  // A weight read in several graphs is stored once: count each int8 copy once.
  const weights = [...new Map(sorted.flatMap((r) => r.weights).map((w) => [w.stored[0].name, w])).values()];
  const biases = sorted.flatMap((r) => r.biases);
  const all = [...weights, ...biases];
  const scheme = type === 'uint8' ? 'uint8 asymmetric' : 'int8 symmetric';
  const inBodies = sorted.filter((r) => r.scope.label).map((r) => `${r.plan.ops.length} in ${r.scope.label}`);
  const summary: Explanation = {
    rule: 'quantize-static/summary',
    message:
      `quantized ${ops.length} ops (${[...counts].map(([op, k]) => `${k} ${op}`).join(', ')}) with QuantizeLinear/DequantizeLinear on ${tensors} activations (${scheme}, ${table.method} calibration over ${table.samples} sample${table.samples === 1 ? '' : 's'})` +
      `; ${weights.length} weight${weights.length === 1 ? '' : 's'} to int8 per channel${biases.length ? ` and ${biases.length} bias${biases.length === 1 ? '' : 'es'} to int32` : ''} (${formatBytes(bytes(all, 'source'))} → ${formatBytes(bytes(all, 'stored'))})` +
      (folded ? `; folded ${folded} Relu/Clip into the quantization before them` : '') +
      (inBodies.length ? `; inside bodies: ${inBodies.join(', ')}` : ''),
    matched: ops.map((q) => q.node.id),
    produced: [],
  };
  return [...sorted.flatMap(explainOps), summary];
}
