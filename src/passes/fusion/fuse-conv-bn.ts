// fuse-conv-bn: folds an inference BatchNormalization into the Conv that feeds it, by rescaling
// the Conv's weights and bias per output channel.
//
//   before: c = Conv (x, W, b);  y = BatchNormalization (c, γ, β, μ, σ²)
//   after:  y = Conv (x, W', b')   W' = W·γ/√(σ²+ε),  b' = (b−μ)·γ/√(σ²+ε)+β
import { attrFloat, attrInt } from '../../ir/attributes.ts';
import { defineRule, fail, ok } from '../rewrite/rule.ts';
import { any, constant, op, optional } from '../rewrite/pattern.ts';
import { rulePass } from '../rewrite/driver.ts';
import { num, perChannel, requireFloat32, scaleAxis0, vector } from '../support/weights.ts';

const bnParams = [constant('scale'), constant('beta'), constant('mean'), constant('var')];

const convBn = defineRule({
  name: 'fuse-conv-bn/conv-bn',
  pattern: op('BatchNormalization', [op('Conv', [any('x'), constant('w'), optional(constant('b'))], { bind: 'conv' }), ...bnParams], { bind: 'bn' }),
  check(m, ctx) {
    const bn = m.node('bn');
    if (attrInt(bn, 'training_mode', 0)) return fail('BatchNormalization is in training mode');
    if (bn.outputs.slice(1).some((o) => o && (ctx.consumers(o).length || ctx.isGraphOutput(o)))) return fail('its running mean/variance outputs are read');
    if (m.tensor('w').dtype !== 'float32') return fail(`Conv weight is ${m.tensor('w').dtype}; only float32 weights are folded`);
    return ok();
  },
  rewrite(m, b) {
    const conv = m.node('conv');
    const bn = m.node('bn');
    const w = m.tensor('w');
    const bias = m.optionalTensor('b');
    requireFloat32(w, bias, m.tensor('scale'), m.tensor('beta'), m.tensor('mean'), m.tensor('var'));
    const channels = w.dims[0]!;
    const eps = attrFloat(bn, 'epsilon', 1e-5);
    const [gamma, beta, mean, variance] = ['scale', 'beta', 'mean', 'var'].map((k) => perChannel(m.tensor(k), channels)) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const factor = gamma.map((g, k) => g / Math.sqrt(variance[k]! + eps));
    const b0 = bias ? perChannel(bias, channels) : new Float64Array(channels);
    const newBias = factor.map((f, k) => (b0[k]! - mean[k]!) * f + beta[k]!);
    const wName = b.initializer(`${w.name}_bn`, scaleAxis0('', w, factor));
    const bName = b.initializer(`${conv.id}/bias_bn`, vector('', newBias));
    b.node('Conv', [m.value('x'), wName, bName], { attrs: conv.attributes, outputs: [bn.outputs[0]!], id: conv.id });
    return `folded BatchNormalization ${bn.id} into Conv ${conv.id}: W' = W·γ/√(σ²+ε), b' = (b−μ)·γ/√(σ²+ε)+β over ${channels} channels (ε=${num(eps)})`;
  },
});

export const fuseConvBn = rulePass(
  { id: 'fuse-conv-bn', title: 'Fold BatchNormalization into Conv', description: 'Rescales a Conv\'s weights and bias so the BatchNormalization after it disappears.' },
  [convBn],
);
