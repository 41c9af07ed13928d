// Weights in QDQ form: an int8 initializer with per-channel scales behind a DequantizeLinear, and a
// Conv bias as int32 at scale s_x·s_w[c] (what QLinearConv expects, so fuse-qdq can take it as is).
import type { GraphEditor } from '../../ir/edit.ts';
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import type { ValueNames } from '../rewrite/builder.ts';
import { int8Tensor, quantizeWeightPerChannel, roundHalfEven } from './quant-params.ts';

export interface QdqWriter {
  readonly editor: GraphEditor;
  readonly names: ValueNames;
}

export interface WeightQdq {
  /** The float weight (or bias) it replaces. */
  readonly source: Tensor;
  /** The DequantizeLinear output that readers now use. */
  readonly dequantized: string;
  /** The new initializers: quantized values, scales, zero points. */
  readonly stored: readonly Tensor[];
  readonly scales: Float32Array;
  readonly axis: number;
}

function dequantizeLinear(w: QdqWriter, stored: readonly [Tensor, Tensor, Tensor], axis: number, by: Node, stem: string): string {
  for (const t of stored) w.editor.addInitializer(t);
  const out = w.names.fresh(`${stem}_dequantized`);
  w.editor.insertNode({ opType: 'DequantizeLinear', inputs: stored.map((t) => t.name), outputs: [out], attributes: [{ name: 'axis', type: 'int', value: axis }], id: `${stem}/DequantizeLinear`, provenance: [by.id] });
  return out;
}

/** Symmetric int8 per channel along `axis` (zero points 0), dequantized for `by`. */
export function quantizeWeight(w: QdqWriter, t: Tensor, axis: number, by: Node): WeightQdq {
  const q = quantizeWeightPerChannel(t, axis);
  const channels = t.dims[axis]!;
  const stored = [
    int8Tensor(w.names.fresh(`${t.name}_quantized`), t.dims, q.values),
    tensorFromNumbers(w.names.fresh(`${t.name}_scale`), 'float32', [channels], q.scales),
    int8Tensor(w.names.fresh(`${t.name}_zero_point`), [channels], new Int8Array(channels)),
  ] as const;
  return { source: t, dequantized: dequantizeLinear(w, stored, axis, by, t.name), stored, scales: q.scales, axis };
}

/** A Conv bias as int32 at scale s_x·s_w[c], zero point 0 (saturating at the int32 limits). */
export function quantizeBias(w: QdqWriter, b: Tensor, xScale: number, wScales: Float32Array, by: Node): WeightQdq {
  const v = tensorToNumbers(b);
  const channels = numElements(b.dims);
  const scales = Float32Array.from({ length: channels }, (_, c) => xScale * wScales[c]!);
  const values = Array.from(v, (x, c) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, roundHalfEven(x / scales[c]!))));
  const stored = [
    tensorFromNumbers(w.names.fresh(`${b.name}_quantized`), 'int32', [channels], values),
    tensorFromNumbers(w.names.fresh(`${b.name}_scale`), 'float32', [channels], scales),
    tensorFromNumbers(w.names.fresh(`${b.name}_zero_point`), 'int32', [channels], new Array(channels).fill(0)),
  ] as const;
  return { source: b, dequantized: dequantizeLinear(w, stored, 0, by, b.name), stored, scales, axis: 0 };
}
