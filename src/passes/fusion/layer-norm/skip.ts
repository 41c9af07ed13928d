// Add + LayerNormalization → com.microsoft SkipLayerNormalization (onnxruntime's
// SkipLayerNormFusion). The residual sum is usually read again further on (the next residual
// Add); SkipLayerNormalization's fourth output is that sum, so the Add is removed either way.
// A bias Add on one operand (h + b, b constant [H]) moves into the op's bias input.
//
//   before: s = Add (x, h);  y = LayerNormalization <axis = -1, epsilon = 1e-5> (s, γ, β);  z = Add (s, f)
//   after:  y, _, _, s = com.microsoft.SkipLayerNormalization <epsilon = 1e-5> (x, h, γ, β);  z = Add (s, f)
import { attrFloat, attrInt } from '../../../ir/attributes.ts';
import { float } from '../../../ir/builder.ts';
import type { Match } from '../../rewrite/match.ts';
import { any, constant, op, optional, type OpPattern } from '../../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext, type Rule, type Verdict } from '../../rewrite/rule.ts';
import { formatShape } from '../../support/describe.ts';
import { MS_DOMAIN, requireFloat32Value } from '../contrib.ts';

const PASS = 'fuse-layer-norm';

const layerNorm = (sum: OpPattern) => op('LayerNormalization', [sum, constant('gamma'), optional(constant('beta'))], { bind: 'ln' });

/** The bias form first: where it applies it takes in one Add more. */
const FORMS = {
  'skip-bias-layer-norm': layerNorm(op('Add', [any('input'), op('Add', [any('skip'), constant('bias')], { bind: 'biasAdd' })], { bind: 'sum' })),
  'skip-layer-norm': layerNorm(op('Add', [any('input'), any('skip')], { bind: 'sum' })),
};

const isVector = (dims: readonly number[], h: number) => dims.length === 1 && dims[0] === h;

function check(m: Match, ctx: RewriteContext): Verdict {
  const ln = m.node('ln');
  if (ln.outputs.slice(1).some((o) => o && (ctx.consumers(o).length || ctx.isGraphOutput(o)))) return fail(`LayerNormalization ${ln.id}'s mean/inverse-deviation outputs are read`);
  // Only the residual sum may be read outside the match: it becomes the fused op's 4th output.
  if (m.has('biasAdd')) {
    const inner = m.node('biasAdd').outputs[0]!;
    if (ctx.isGraphOutput(inner) || ctx.consumers(inner).length > 1) return fail(`the bias Add ${m.node('biasAdd').id}'s output is read elsewhere`);
  }
  const dtype = requireFloat32Value(ctx, m.value('input'), 'SkipLayerNormalization');
  if (!dtype.ok) return dtype;
  const [a, s] = [ctx.shape(m.value('input')), ctx.shape(m.value('skip'))];
  if (!a || !s) return fail('the shapes of the Add operands are not known');
  if (a.length !== 2 && a.length !== 3) return fail(`the input has rank ${a.length} (${formatShape(a)}); SkipLayerNormalization takes rank 2 or 3`);
  if (a.join() !== s.join() || a.some((d) => d === null)) return fail(`the Add operands have shapes ${formatShape(a)} and ${formatShape(s)}; SkipLayerNormalization needs them equal`);
  const rank = a.length;
  const axis = attrInt(ln, 'axis', -1);
  if (axis !== -1 && axis !== rank - 1) return fail(`LayerNormalization ${ln.id} normalizes from axis ${axis}; SkipLayerNormalization normalizes the last axis only`);
  const h = a[rank - 1];
  if (typeof h !== 'number') return fail(`the hidden size ${String(h)} is not static`);
  for (const bind of ['gamma', 'beta', 'bias']) {
    if (m.has(bind) && !isVector(m.tensor(bind).dims, h)) return fail(`${m.tensor(bind).name} ${formatShape(m.tensor(bind).dims)} is not a vector of the hidden size ${h}`);
  }
  return ok();
}

export const SKIP_LAYER_NORM_RULES: readonly Rule[] = Object.entries(FORMS).map(([name, pattern]) =>
  defineRule({
    name: `${PASS}/${name}`,
    pattern,
    // The residual sum is read on: the fused op's 4th output takes over its name.
    sharedIntermediates: 'redefine',
    check,
    rewrite(m, b, ctx) {
      const ln = m.node('ln');
      const sum = m.node('sum').outputs[0]!;
      const readOn = ctx.isGraphOutput(sum) || ctx.consumers(sum).some((c) => c !== ln);
      const inputs = [m.value('input'), m.value('skip'), m.value('gamma'), m.has('beta') ? m.value('beta') : '', ...(m.has('bias') ? [m.value('bias')] : [])];
      b.node('SkipLayerNormalization', inputs, {
        domain: MS_DOMAIN,
        attrs: { epsilon: float(attrFloat(ln, 'epsilon', 1e-5)) },
        outputs: readOn ? [ln.outputs[0]!, '', '', sum] : [ln.outputs[0]!],
        id: `${m.node('sum').id}/SkipLayerNormalization`,
      });
      const bias = m.has('bias') ? ` and bias Add ${m.node('biasAdd').id}` : '';
      const kept = readOn ? `; the sum ${sum} stays available as its 4th output` : '';
      return `fused residual Add ${m.node('sum').id}${bias} and LayerNormalization ${ln.id} into com.microsoft.SkipLayerNormalization${kept}`;
    },
  }),
);
