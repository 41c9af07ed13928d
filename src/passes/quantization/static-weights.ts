// Weights in QDQ form: an int8 initializer with per-channel scales behind a DequantizeLinear, and a
// Conv bias as int32 at scale s_x·s_w[c] (what QLinearConv expects, so fuse-qdq can take it as is).
// The DequantizeLinear goes into the graph of the op that reads it; the int8 initializers go where
// the float original lives (`store`), which for an op inside an If/Loop/Scan body may be an
// enclosing graph: the body reads them from there as it read the float weight.
import type { GraphEditor } from '../../ir/edit.ts';
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import type { ValueNames } from '../rewrite/builder.ts';
import { int8Tensor, quantizeWeightPerChannel, roundHalfEven } from './quant-params.ts';

export interface QdqWriter {
  /** The graph of the ops being quantized: DequantizeLinear nodes go here. */
  readonly editor: GraphEditor;
  readonly names: ValueNames;
  /** Adds an initializer made from constant `source` to the graph that holds `source`. */
  readonly store: (t: Tensor, source: string) => void;
}

export interface StoredWeight {
  /** The float weight (or bias) it replaces. */
  readonly source: Tensor;
  /** The new initializers: quantized values, scales, zero points. */
  readonly stored: readonly [Tensor, Tensor, Tensor];
  readonly scales: Float32Array;
  readonly axis: number;
}

export interface WeightQdq extends StoredWeight {
  /** The DequantizeLinear output that readers now use. */
  readonly dequantized: string;
}

/** A DequantizeLinear of stored tensors in the writer's graph. */
export function dequantized(w: QdqWriter, s: StoredWeight, by: Node): WeightQdq {
  const out = w.names.fresh(`${s.source.name}_dequantized`);
  w.editor.insertNode({ opType: 'DequantizeLinear', inputs: s.stored.map((t) => t.name), outputs: [out], attributes: [{ name: 'axis', type: 'int', value: s.axis }], id: `${s.source.name}/DequantizeLinear`, provenance: [by.id] });
  return { ...s, dequantized: out };
}

function stored(w: QdqWriter, source: Tensor, tensors: readonly [Tensor, Tensor, Tensor], scales: Float32Array, axis: number): StoredWeight {
  for (const t of tensors) w.store(t, source.name);
  return { source, stored: tensors, scales, axis };
}

/** Symmetric int8 per channel along `axis` (zero points 0), stored beside the float weight. */
export function storeWeight(w: QdqWriter, t: Tensor, axis: number): StoredWeight {
  const q = quantizeWeightPerChannel(t, axis);
  const channels = t.dims[axis]!;
  return stored(w, t, [
    int8Tensor(w.names.fresh(`${t.name}_quantized`), t.dims, q.values),
    tensorFromNumbers(w.names.fresh(`${t.name}_scale`), 'float32', [channels], q.scales),
    int8Tensor(w.names.fresh(`${t.name}_zero_point`), [channels], new Int8Array(channels)),
  ], q.scales, axis);
}

/** A Conv bias as int32 at scale s_x·s_w[c], zero point 0 (saturating at the int32 limits), dequantized for `by`. */
export function quantizeBias(w: QdqWriter, b: Tensor, xScale: number, wScales: Float32Array, by: Node): WeightQdq {
  const v = tensorToNumbers(b);
  const channels = numElements(b.dims);
  const scales = Float32Array.from({ length: channels }, (_, c) => xScale * wScales[c]!);
  const values = Array.from(v, (x, c) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, roundHalfEven(x / scales[c]!))));
  return dequantized(w, stored(w, b, [
    tensorFromNumbers(w.names.fresh(`${b.name}_quantized`), 'int32', [channels], values),
    tensorFromNumbers(w.names.fresh(`${b.name}_scale`), 'float32', [channels], scales),
    tensorFromNumbers(w.names.fresh(`${b.name}_zero_point`), 'int32', [channels], new Array(channels).fill(0)),
  ], scales, 0), by);
}
