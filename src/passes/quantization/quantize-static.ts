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
//
// Ops inside If/Loop/Scan bodies are quantized the same way, recursively, with the ranges the
// calibration measured inside each body (static-rewrite.ts says where the new nodes and weights go).
import { NodeIds, withGraph } from '../../ir/edit.ts';
import type { Model, ValueType } from '../../ir/types.ts';
import type { Explanation, NearMiss, Pass } from '../pass.ts';
import { ValueNames } from '../rewrite/builder.ts';
import { valueTypes } from '../support/constant-values.ts';
import type { CalibrationTable } from './calibrate.ts';
import { atLeastOpset } from './opset-upgrade.ts';
import type { QuantType } from './quant-params.ts';
import { netRecord, unchanged } from './records.ts';
import { bodiesOf, bodyScope, mainScope, type GraphScope } from './scopes.ts';
import { explainStatic } from './static-explain.ts';
import { DEFAULT_STATIC_OPS, type QuantizedOp } from './static-plan.ts';
import { planScope, rewriteScope, type StaticRun, type StaticSettings } from './static-rewrite.ts';

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

function settings(table: CalibrationTable, options: QuantizeStaticOptions): StaticSettings {
  const type = options.activations ?? 'uint8';
  return { table, type, ops: new Set(options.ops ?? DEFAULT_STATIC_OPS), foldActivations: (options.foldActivations ?? true) && type === 'uint8' };
}

/** Every graph's plan, bodies included, without editing anything: is there anything to do, and what declines. */
function planAll(model: Model, s: StaticSettings, types: ReadonlyMap<string, ValueType>): { ops: QuantizedOp[]; nearMisses: NearMiss[] } {
  const ops: QuantizedOp[] = [];
  const nearMisses: NearMiss[] = [];
  const visit = (scope: GraphScope) => {
    const p = planScope({ ...s, types }, scope);
    ops.push(...p.ops);
    nearMisses.push(...p.nearMisses);
    for (const n of scope.graph.nodes) for (const b of bodiesOf(n)) visit(bodyScope(model, scope, n, b));
  };
  visit(mainScope(model));
  return { ops, nearMisses };
}

function rewrite(model: Model, s: StaticSettings, types: ReadonlyMap<string, ValueType>): { model: Model; run: StaticRun } {
  const run: StaticRun = {
    ...s,
    model,
    types,
    ids: new NodeIds(model),
    names: new ValueNames(model),
    editors: new Map(),
    stored: new Map(),
    replaced: new Map(),
    results: [],
    nearMisses: [],
    rewired: [],
    visited: 0,
  };
  const graph = rewriteScope(run, mainScope(model));
  return { model: withGraph(model, graph), run };
}

/** A pass that quantizes a model with the ranges of `table` (from calibrate on the same model). */
export function quantizeStatic(table: CalibrationTable, options: QuantizeStaticOptions = {}): Pass {
  const s = settings(table, options);
  return {
    id: 'quantize-static',
    title: 'Quantize to int8 (static, QDQ)',
    description: `Inserts QuantizeLinear/DequantizeLinear pairs with ${table.method} calibration ranges and stores weights as int8 per channel.`,
    run(model, ctx = {}) {
      const types = valueTypes(model, ctx.log);
      const first = planAll(model, s, types);
      if (!first.ops.length) return { model, changes: unchanged(first.nearMisses) };
      const upgraded = atLeastOpset(model, NEEDED_OPSET, 'quantize-static/opset', `per-channel DequantizeLinear needs opset ${NEEDED_OPSET}`);
      if ('reason' in upgraded) {
        const { reason } = upgraded;
        return { model, changes: unchanged([...first.nearMisses, ...first.ops.map((q) => ({ rule: `quantize-static/${q.node.opType.toLowerCase()}`, nodeId: q.node.id, reason }))]) };
      }
      const working = upgraded.model;
      const explanations: Explanation[] = upgraded.explanation ? [upgraded.explanation] : [];
      const r = rewrite(working, s, working === model ? types : valueTypes(working, ctx.log));
      explanations.push(...explainStatic(r.run.results, table, s.type));
      return { model: r.model, changes: netRecord(model, r.model, r.run.rewired, explanations, r.run.nearMisses) };
    },
  };
}
