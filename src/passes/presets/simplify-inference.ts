// simplify-inference: an inference BatchNormalization is a per-channel scale and shift, so it
// becomes a Mul and an Add by constants — TVM Relay's SimplifyInference and XLA's
// BatchNormExpander. On its own the pass makes the graph no smaller; what it buys is that the
// passes after it see plain arithmetic: fuse-conv-bn folds the Mul/Add into the Conv before them
// (TVM's FoldScaleAxis) and fuse-elementwise fuses them with the activation after them (XLA's
// loop fusion).
//
//   before: y = BatchNormalization <epsilon = 1e-5> (x, γ, β, μ, σ²)          x: float[N,C,H,W]
//   after:  s = Mul (x, k);  y = Add (s, t)     k = γ/√(σ²+ε),  t = β − μ·k   (k, t: float[C,1,1])
import { attrFloat, attrInt } from '../../ir/attributes.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import { rulePass } from '../rewrite/driver.ts';
import { any, constant, op } from '../rewrite/pattern.ts';
import { defineRule, fail, ok } from '../rewrite/rule.ts';
import { num, perChannel, requireFloat32 } from '../support/weights.ts';

const batchNorm = defineRule({
  name: 'simplify-inference/batch-norm',
  pattern: op('BatchNormalization', [any('x'), constant('scale'), constant('beta'), constant('mean'), constant('var')], { bind: 'bn' }),
  check(m, ctx) {
    const bn = m.node('bn');
    if (attrInt(bn, 'training_mode', 0)) return fail('BatchNormalization is in training mode');
    if (bn.attributes.some((a) => a.name === 'spatial' && a.type === 'int' && a.value === 0)) return fail('BatchNormalization has spatial = 0 (one statistic per element, not per channel)');
    if (bn.outputs.slice(1).some((o) => o && (ctx.consumers(o).length || ctx.isGraphOutput(o)))) return fail('its running mean/variance outputs are read');
    const x = m.value('x');
    const dtype = ctx.dtype(x);
    if (dtype !== 'float32') return fail(`input ${x} is ${dtype ?? 'of unknown type'}; only float32 BatchNormalization is rewritten`);
    const rank = ctx.shape(x)?.length;
    if (rank === undefined) return fail(`the rank of ${x} is unknown, so the per-channel constants cannot be shaped to broadcast over it`);
    if (rank < 2) return fail(`input ${x} has rank ${rank}; BatchNormalization needs [N, C, ...]`);
    return ok();
  },
  rewrite(m, b, ctx) {
    const bn = m.node('bn');
    const x = m.value('x');
    const tensors = ['scale', 'beta', 'mean', 'var'].map((k) => m.tensor(k));
    requireFloat32(...tensors);
    const channels = Math.max(...tensors.map((t) => t.dims.reduce((a, d) => a * d, 1)));
    const [gamma, beta, mean, variance] = tensors.map((t) => perChannel(t, channels)) as [Float64Array, Float64Array, Float64Array, Float64Array];
    const eps = attrFloat(bn, 'epsilon', 1e-5);
    const k = gamma.map((g, c) => g / Math.sqrt(variance[c]! + eps));
    const t = beta.map((bt, c) => bt - mean[c]! * k[c]!);
    const dims = [channels, ...Array<number>(ctx.shape(x)!.length - 2).fill(1)];
    const scale = b.initializer(`${bn.id}_scale`, tensorFromNumbers('', 'float32', dims, k));
    const shift = b.initializer(`${bn.id}_shift`, tensorFromNumbers('', 'float32', dims, t));
    const scaled = b.op('Mul', [x, scale], { id: `${bn.id}/scale` });
    b.op('Add', [scaled, shift], { outputs: [bn.outputs[0]!], id: `${bn.id}/shift` });
    return `rewrote BatchNormalization ${bn.id} as Mul by k = γ/√(σ²+ε) and Add of t = β − μ·k, ${channels} channels shaped [${dims.join(',')}] (ε=${num(eps)})`;
  },
});

export const simplifyInference = rulePass(
  {
    id: 'simplify-inference',
    title: 'Simplify inference ops (BatchNormalization → Mul + Add)',
    description: 'Rewrites each inference BatchNormalization as a Mul and an Add by per-channel constants, so later passes can fold them into a Conv or fuse them with other elementwise ops.',
  },
  [batchNorm],
);
