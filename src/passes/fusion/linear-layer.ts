// Conv, ConvTranspose and Gemm seen alike, as "a linear layer with output channels": what folding
// a per-channel scale and shift into its weights needs (where the output channels sit in the
// weight, the effective bias, how to re-emit the node with new weights).
//
//   Conv           W [Cout, Cin/g, k...]   output channels on W's axis 0
//   ConvTranspose  W [Cin, Cout/g, k...]   output channels on W's axis 1, per group
//   Gemm           B [K, N] (transB=0) or [N, K] (transB=1); Y = α·A·B + β·C, C per column
import { attrFloat, attrInt } from '../../ir/attributes.ts';
import type { Attribute, Node, Tensor } from '../../ir/types.ts';
import type { RewriteBuilder } from '../rewrite/builder.ts';
import { formatShape } from '../support/describe.ts';
import { channelValues, scaleAxis0, scaleAxis1, vector } from '../support/weights.ts';
import { rewrittenId } from './node-ids.ts';

export const LINEAR_OPS = ['Conv', 'ConvTranspose', 'Gemm'] as const;

export interface LinearLayer {
  readonly node: Node;
  readonly w: Tensor;
  readonly bias: Tensor | undefined;
  /** Output channels (Cout, or N for Gemm). */
  readonly channels: number;
  /** Rank of the layer's output: its channel axis is 1. */
  readonly outputRank: number;
}

/** Describes the layer, or says why its weights cannot be rescaled per output channel. */
export function linearLayer(node: Node, w: Tensor, bias: Tensor | undefined): LinearLayer | string {
  if (w.dtype !== 'float32') return `${node.opType} weight ${w.name} is ${w.dtype}; only float32 weights are folded`;
  if (bias && bias.dtype !== 'float32') return `${node.opType} bias ${bias.name} is ${bias.dtype}; only float32 biases are folded`;
  let channels: number;
  if (node.opType === 'Gemm') {
    if (w.dims.length !== 2) return `Gemm B ${w.name} has shape ${formatShape(w.dims)}; expected 2-D`;
    channels = attrInt(node, 'transB', 0) ? w.dims[0]! : w.dims[1]!;
  } else {
    if (w.dims.length < 3) return `${node.opType} weight ${w.name} has shape ${formatShape(w.dims)}; expected rank >= 3`;
    channels = node.opType === 'Conv' ? w.dims[0]! : w.dims[1]! * attrInt(node, 'group', 1);
  }
  const outputRank = node.opType === 'Gemm' ? 2 : w.dims.length;
  if (bias && !channelValues(bias, node.opType === 'Gemm' ? 2 : 1, node.opType === 'Gemm' ? 1 : 0, channels)) {
    return `${node.opType} bias ${bias.name} has shape ${formatShape(bias.dims)}; only one value per output channel is folded`;
  }
  return { node, w, bias, channels, outputRank };
}

/** The bias the layer adds per output channel (β·C for Gemm), zeros when it has none. */
export function biasValues(layer: LinearLayer): Float64Array {
  if (!layer.bias) return new Float64Array(layer.channels);
  const isGemm = layer.node.opType === 'Gemm';
  const v = channelValues(layer.bias, isGemm ? 2 : 1, isGemm ? 1 : 0, layer.channels)!;
  const beta = isGemm ? attrFloat(layer.node, 'beta', 1) : 1;
  return beta === 1 ? v : v.map((x) => x * beta);
}

/** The weight with output channel k multiplied by factor[k]. */
export function scaledWeight(layer: LinearLayer, factor: Float64Array): Tensor {
  const { node, w } = layer;
  if (node.opType === 'Conv') return scaleAxis0('', w, factor);
  if (node.opType === 'ConvTranspose') return scaleAxis1('', w, factor, attrInt(node, 'group', 1));
  return attrInt(node, 'transB', 0) ? scaleAxis0('', w, factor) : scaleAxis1('', w, factor);
}

/**
 * Adds the layer again with new weights (or the old ones when `weight` is undefined) and a bias
 * vector, writing `output`. Gemm's β is folded into the new C, so it becomes 1.
 */
export function emitLinear(b: RewriteBuilder, layer: LinearLayer, x: string, weight: Tensor | undefined, bias: Float64Array, output: string, stem: string): void {
  const { node, w } = layer;
  const wName = weight ? b.initializer(`${w.name}_${stem}`, weight) : w.name;
  const bName = b.initializer(`${node.id}/bias_${stem}`, vector('', bias));
  const attrs: Attribute[] = node.opType === 'Gemm' ? [...node.attributes.filter((a) => a.name !== 'beta'), { name: 'beta', type: 'float', value: 1 }] : [...node.attributes];
  b.node(node.opType, [x, wName, bName], { attrs, outputs: [output], id: rewrittenId(node) });
}

/** The per-channel values of a constant applied elementwise to the layer's output, if it is one. */
export function outputChannelValues(layer: LinearLayer, t: Tensor): Float64Array | undefined {
  return channelValues(t, layer.outputRank, 1, layer.channels);
}
