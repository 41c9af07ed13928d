// fuse-conv-bn: folds an inference BatchNormalization, or a per-channel Mul/Div/Add/Sub by a
// constant (an exported BatchNorm or a learnable affine), into the Conv, ConvTranspose or Gemm
// that feeds it, by rescaling that layer's weights and bias per output channel.
//
//   before: c = Conv (x, W, b);  y = BatchNormalization (c, γ, β, μ, σ²)
//   after:  y = Conv (x, W', b')   W' = W·γ/√(σ²+ε),  b' = (b−μ)·γ/√(σ²+ε)+β
//
//   before: c = Conv (x, W, b);  s = Mul (c, k);  y = Add (s, t)      (k, t scalars or [1,C,1,1])
//   after:  y = Conv (x, W·k, b·k+t)                                  (two rewrites, one per op)
//
// The same scale and shift *before* an unpadded Conv fold into it too (conv-input-affine.ts).
import { attrFloat, attrInt } from '../../ir/attributes.ts';
import type { Node } from '../../ir/types.ts';
import { defineRule, fail, ok, type RewriteContext, type Verdict } from '../rewrite/rule.ts';
import { any, constant, op, optional } from '../rewrite/pattern.ts';
import { rulePass } from '../rewrite/driver.ts';
import type { Match } from '../rewrite/match.ts';
import { formatShape } from '../support/describe.ts';
import { num, perChannel, requireFloat32 } from '../support/weights.ts';
import { CONV_INPUT_AFFINE_RULES } from './conv-input-affine.ts';
import { biasValues, emitLinear, LINEAR_OPS, linearLayer, outputChannelValues, scaledWeight, type LinearLayer } from './linear-layer.ts';

const layerPattern = op(LINEAR_OPS, [any('x'), constant('w'), optional(constant('b'))], { bind: 'layer' });

function layerOf(m: Match): LinearLayer | string {
  return linearLayer(m.node('layer'), m.tensor('w'), m.optionalTensor('b'));
}

function checkLayer(m: Match): Verdict {
  const layer = layerOf(m);
  return typeof layer === 'string' ? fail(layer) : ok();
}

const label = (n: Node) => `${n.opType} ${n.id}`;

const layerBn = defineRule({
  name: 'fuse-conv-bn/conv-bn',
  pattern: op('BatchNormalization', [layerPattern, constant('scale'), constant('beta'), constant('mean'), constant('var')], { bind: 'bn' }),
  check(m, ctx: RewriteContext) {
    const bn = m.node('bn');
    if (attrInt(bn, 'training_mode', 0)) return fail('BatchNormalization is in training mode');
    if (bn.outputs.slice(1).some((o) => o && (ctx.consumers(o).length || ctx.isGraphOutput(o)))) return fail('its running mean/variance outputs are read');
    return checkLayer(m);
  },
  rewrite(m, b) {
    const layer = layerOf(m) as LinearLayer;
    const bn = m.node('bn');
    requireFloat32(m.tensor('scale'), m.tensor('beta'), m.tensor('mean'), m.tensor('var'));
    const eps = attrFloat(bn, 'epsilon', 1e-5);
    const [gamma, beta, mean, variance] = ['scale', 'beta', 'mean', 'var'].map((k) => perChannel(m.tensor(k), layer.channels)) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const factor = gamma.map((g, k) => g / Math.sqrt(variance[k]! + eps));
    const b0 = biasValues(layer);
    const bias = factor.map((f, k) => (b0[k]! - mean[k]!) * f + beta[k]!);
    emitLinear(b, layer, m.value('x'), scaledWeight(layer, factor), bias, bn.outputs[0]!, 'bn');
    return `folded BatchNormalization ${bn.id} into ${label(layer.node)}: W' = W·γ/√(σ²+ε), b' = (b−μ)·γ/√(σ²+ε)+β over ${layer.channels} channels (ε=${num(eps)})`;
  },
});

/** "×0.9432" for a scalar, "×[1,16,1,1] per channel" otherwise: how the constant reads in a sentence. */
function describeConstant(sign: string, values: Float64Array, shape: readonly number[]): string {
  return values.every((v) => v === values[0]) ? `${sign}${num(values[0]!)}` : `${sign}${formatShape(shape)} per channel`;
}

function perChannelCheck(m: Match): Verdict {
  const layer = layerOf(m);
  if (typeof layer === 'string') return fail(layer);
  const k = m.tensor('k');
  if (k.dtype !== 'float32') return fail(`${k.name} is ${k.dtype}; only float32 constants are folded`);
  if (!outputChannelValues(layer, k)) return fail(`${m.node('op').opType} constant ${k.name} ${formatShape(k.dims)} is not one value per output channel of ${label(layer.node)}`);
  return ok();
}

/** Mul/Div by a per-channel constant rescales the layer; Add/Sub shifts its bias. */
function affineRule(opType: 'Mul' | 'Div' | 'Add' | 'Sub') {
  const scales = opType === 'Mul' || opType === 'Div';
  return defineRule({
    name: `fuse-conv-bn/conv-${opType.toLowerCase()}`,
    pattern: op(opType, [layerPattern, constant('k')], { bind: 'op' }),
    check: perChannelCheck,
    rewrite(m, b) {
      const layer = layerOf(m) as LinearLayer;
      const node = m.node('op');
      const k = outputChannelValues(layer, m.tensor('k'))!;
      const what = describeConstant({ Mul: '×', Div: '÷', Add: '+', Sub: '−' }[opType], k, m.tensor('k').dims);
      const b0 = biasValues(layer);
      if (scales) {
        const factor = opType === 'Div' ? k.map((v) => 1 / v) : k;
        emitLinear(b, layer, m.value('x'), scaledWeight(layer, factor), b0.map((v, c) => v * factor[c]!), node.outputs[0]!, 'scaled');
        return `folded ${opType} ${node.id} (${what}) into ${label(layer.node)}: W' = W${opType === 'Div' ? '/' : '·'}k, b' = b${opType === 'Div' ? '/' : '·'}k over ${layer.channels} channels`;
      }
      const sign = opType === 'Sub' ? -1 : 1;
      emitLinear(b, layer, m.value('x'), undefined, b0.map((v, c) => v + sign * k[c]!), node.outputs[0]!, 'shifted');
      return `folded ${opType} ${node.id} (${what}) into the bias of ${label(layer.node)} over ${layer.channels} channels`;
    },
  });
}

export const fuseConvBn = rulePass(
  {
    id: 'fuse-conv-bn',
    title: 'Fold BatchNormalization and per-channel affine ops into Conv/ConvTranspose/Gemm',
    description: 'Rescales the weights and bias of a Conv, ConvTranspose or Gemm so the BatchNormalization or per-channel Mul/Div/Add/Sub by a constant after it (or a Mul/Add before an unpadded Conv) disappears.',
  },
  [layerBn, affineRule('Mul'), affineRule('Div'), affineRule('Add'), affineRule('Sub'), ...CONV_INPUT_AFFINE_RULES],
);
