// quantize-static: with a calibration table, puts QuantizeLinear/DequantizeLinear pairs (QDQ) on the
// activations around the ops onnxruntime quantizes, and stores Conv/MatMul/Gemm weights as int8
// per output channel behind a DequantizeLinear (Conv biases as int32 at scale s_x·s_w), as
// onnxruntime's QDQ quantizer does. The float ops stay; fuse-qdq turns groups into integer ops.
//
//   before: y = Conv (x, W, B);  r = Relu (y)
//   after:  xq = QuantizeLinear (x, sx, zx);  xd = DequantizeLinear (xq, sx, zx)
//           Wd = DequantizeLinear <axis = 0> (Wq, sw, zw)          Wq: int8[M,C,k,k], sw: float[M]
//           Bd = DequantizeLinear <axis = 0> (Bq, sx·sw, 0)         Bq: int32[M]
//           r  = Conv (xd, Wd, Bd);  rq = QuantizeLinear (r, sr, 0);  rd = DequantizeLinear (rq, sr, 0)
//
// With uint8 activations a Relu (or Clip from 0) after a quantized op folds into the op's output
// quantization: its calibrated range starts at 0, so zero point 0 clips negatives exactly as it did.
import { attrInt } from '../../ir/attributes.ts';
import { GraphEditor, NodeIds, withGraph, type NewNode } from '../../ir/edit.ts';
import { isInputError } from '../../ir/errors.ts';
import { indexGraph } from '../../ir/graph.ts';
import type { Model } from '../../ir/types.ts';
import type { Explanation, Pass } from '../pass.ts';
import { ValueNames } from '../rewrite/builder.ts';
import { defaultOpset, valueTypes } from '../support/constant-values.ts';
import type { CalibrationTable } from './calibrate.ts';
import { mainGraphConstants } from './constants.ts';
import { describeUpgrade, upgradeOpset } from './opset-upgrade.ts';
import { asymmetricParams, scalarTensor, symmetricParams, type QuantParams, type QuantType } from './quant-params.ts';
import { netRecord, unchanged } from './records.ts';
import { explainStatic } from './static-explain.ts';
import { DEFAULT_STATIC_OPS, planStatic, type StaticPlan } from './static-plan.ts';
import { quantizeBias, quantizeWeight, type QdqWriter, type WeightQdq } from './static-weights.ts';
import { removeUnreadConstants } from './unread-constants.ts';

export interface QuantizeStaticOptions {
  /** 'uint8': asymmetric activations (onnxruntime's default); 'int8': symmetric. */
  readonly activations?: QuantType;
  /** Op types to quantize (default DEFAULT_STATIC_OPS). */
  readonly ops?: readonly string[];
  /** Fold Relu/Clip(0, ·) into the output quantization of the op before them (uint8 only; default true). */
  readonly foldActivations?: boolean;
}

/** Per-axis DequantizeLinear (per-channel weights) needs opset 13. */
const NEEDED_OPSET = 13;

export function activationParams(range: { min: number; max: number }, type: QuantType): QuantParams {
  return type === 'uint8' ? asymmetricParams(range.min, range.max, 'uint8') : symmetricParams(Math.max(Math.abs(range.min), Math.abs(range.max)), 'int8');
}

function plan(model: Model, table: CalibrationTable, options: QuantizeStaticOptions, log?: (m: string) => void): StaticPlan {
  const activations = options.activations ?? 'uint8';
  return planStatic({
    model,
    types: valueTypes(model, log),
    constants: mainGraphConstants(model),
    table,
    ops: new Set(options.ops ?? DEFAULT_STATIC_OPS),
    foldActivations: (options.foldActivations ?? true) && activations === 'uint8',
  });
}

function rewrite(model: Model, p: StaticPlan, table: CalibrationTable, type: QuantType): { model: Model; rewired: readonly string[]; weights: WeightQdq[]; biases: WeightQdq[] } {
  const g = model.graph;
  const editor = new GraphEditor(g, new NodeIds(model));
  const names = new ValueNames(model);
  const w: QdqWriter = { editor, names };
  const { producer, consumers } = indexGraph(g);
  const writer = new Map(p.ops.map((q) => [q.output, q.node.id]));
  const dq = new Map<string, { name: string; params: QuantParams }>();
  for (const t of p.tensors) {
    const params = activationParams(table.ranges[t]!, type);
    const [scale, zero] = [scalarTensor(names.fresh(`${t}_scale`), 'float32', params.scale), scalarTensor(names.fresh(`${t}_zero_point`), type, params.zeroPoint)];
    editor.addInitializer(scale).addInitializer(zero);
    const from = writer.get(t) ?? producer.get(t)?.id;
    const [q, d] = [names.fresh(`${t}_quantized`), names.fresh(`${t}_dequantized`)];
    editor.insertNode({ opType: 'QuantizeLinear', inputs: [t, scale.name, zero.name], outputs: [q], id: `${t}/QuantizeLinear`, provenance: from ? [from] : [] });
    editor.insertNode({ opType: 'DequantizeLinear', inputs: [q, scale.name, zero.name], outputs: [d], id: `${t}/DequantizeLinear`, provenance: from ? [from] : [] });
    dq.set(t, { name: d, params });
  }
  const weights = new Map<string, WeightQdq>();
  const biases: WeightQdq[] = [];
  const rewritten = new Map<string, NewNode>();
  for (const q of p.ops) {
    const n = q.node;
    const c = q.weights.get(WEIGHT_INPUT);
    let wq: WeightQdq | undefined;
    if (c) {
      const axis = n.opType === 'Conv' || (n.opType === 'Gemm' && attrInt(n, 'transB', 0) === 1) ? 0 : 1;
      const key = `${c.tensor.name}:${axis}`;
      wq = weights.get(key) ?? quantizeWeight(w, c.tensor, axis, n);
      weights.set(key, wq);
    }
    const x = dq.get(n.inputs[0]!);
    const bias = n.opType === 'Conv' ? q.weights.get(2) : undefined;
    const bq = bias && wq && x ? quantizeBias(w, bias.tensor, x.params.scale, wq.scales, n) : undefined;
    if (bq) biases.push(bq);
    const inputs = n.inputs.map((v, i) => (i === WEIGHT_INPUT && wq ? wq.dequantized : i === 2 && bq ? bq.dequantized : (dq.get(v)?.name ?? v)));
    const outputs = q.folded ? [q.output, ...n.outputs.slice(1)] : [...n.outputs];
    editor.removeNode(n.id);
    if (q.folded) editor.removeNode(q.folded.id);
    rewritten.set(n.id, { opType: n.opType, inputs, outputs, attributes: n.attributes, id: n.id, provenance: q.folded ? [n.id, q.folded.id] : [n.id] });
  }
  // Every other reader of a quantized tensor reads the dequantized value too.
  const removed = new Set([...p.ops.map((q) => q.node.id), ...p.ops.flatMap((q) => (q.folded ? [q.folded.id] : []))]);
  const rewired: string[] = [];
  for (const t of dq.keys()) {
    for (const r of consumers.get(t) ?? []) {
      if (removed.has(r.id) || rewritten.has(r.id)) continue;
      rewritten.set(r.id, { opType: r.opType, domain: r.domain, inputs: r.inputs.map((v) => dq.get(v)?.name ?? v), outputs: r.outputs, attributes: r.attributes, id: r.id, provenance: [r.id] });
      editor.removeNode(r.id);
      rewired.push(r.id);
    }
  }
  for (const spec of rewritten.values()) editor.insertNode(spec);
  const replaced = [...weights.values(), ...biases].map((x) => x.source.name);
  removeUnreadConstants(g, editor, new Set(replaced), mainGraphConstants(model), removed);
  const { graph } = editor.apply();
  return { model: withGraph(model, graph), rewired, weights: [...weights.values()], biases };
}

const WEIGHT_INPUT = 1;

/** A pass that quantizes a model with the ranges of `table` (from calibrate on the same model). */
export function quantizeStatic(table: CalibrationTable, options: QuantizeStaticOptions = {}): Pass {
  const type = options.activations ?? 'uint8';
  return {
    id: 'quantize-static',
    title: 'Quantize to int8 (static, QDQ)',
    description: `Inserts QuantizeLinear/DequantizeLinear pairs with ${table.method} calibration ranges and stores weights as int8 per channel.`,
    run(model, ctx = {}) {
      const first = plan(model, table, options, ctx.log);
      if (!first.ops.length) return { model, changes: unchanged(first.nearMisses) };
      let working = model;
      const explanations: Explanation[] = [];
      if ((defaultOpset(model) ?? 0) < NEEDED_OPSET) {
        try {
          const u = upgradeOpset(model, NEEDED_OPSET);
          working = u.model;
          explanations.push({ rule: 'quantize-static/opset', message: `${describeUpgrade(u)}: per-channel DequantizeLinear needs opset ${NEEDED_OPSET}`, matched: [], produced: [] });
        } catch (e) {
          if (!isInputError(e)) throw e;
          const reason = `per-channel DequantizeLinear needs opset ${NEEDED_OPSET}, and ${(e as Error).message}`;
          return { model, changes: unchanged([...first.nearMisses, ...first.ops.map((q) => ({ rule: `quantize-static/${q.node.opType.toLowerCase()}`, nodeId: q.node.id, reason }))]) };
        }
      }
      const p = working === model ? first : plan(working, table, options, ctx.log);
      const r = rewrite(working, p, table, type);
      explanations.push(...explainStatic(p, r.weights, r.biases, table, type));
      return { model: r.model, changes: netRecord(model, r.model, r.rewired, explanations, p.nearMisses) };
    },
  };
}
