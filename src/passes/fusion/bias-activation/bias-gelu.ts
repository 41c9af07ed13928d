// The Add of a bias before a GELU → com.microsoft BiasGelu (erf GELU) or FastGelu with its bias
// input (tanh GELU), as onnxruntime's BiasGeluFusion and FastGeluFusion do after a MatMul.
//
//   before: t = Add (h, b);  y = com.microsoft.Gelu (t)          b [N], h [..., N]
//   after:  y = com.microsoft.BiasGelu (h, b)
import { attrString } from '../../../ir/attributes.ts';
import { numElements } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import type { Match } from '../../rewrite/match.ts';
import { any, constant, op } from '../../rewrite/pattern.ts';
import { defineRule, fail, type RewriteContext, type Rule, type Verdict } from '../../rewrite/rule.ts';
import { formatShape } from '../../support/describe.ts';
import { MS_DOMAIN, requireFloat32Value } from '../contrib.ts';

const PASS = 'fuse-bias-activation';

const biasAdd = op('Add', [any('x'), constant('bias')], { bind: 'add' });

/** BiasGelu and FastGelu take the bias as a vector over the last axis of x. */
function checkBias(m: Match, ctx: RewriteContext, target: string): Verdict {
  const dtype = requireFloat32Value(ctx, m.value('x'), target);
  if (!dtype.ok) return dtype;
  const bias = m.tensor('bias');
  const shape = ctx.shape(m.value('x'));
  const last = shape?.[shape.length - 1];
  if (typeof last !== 'number') return fail(`the last dimension of ${m.value('x')} is not known; ${target} needs it to equal the bias length`);
  const oneRow = bias.dims.slice(0, -1).every((d) => d === 1) && bias.dims.length <= shape!.length;
  if (!oneRow || numElements(bias.dims) !== last) return fail(`bias ${bias.name} ${formatShape(bias.dims)} is not a vector over the last axis of ${m.value('x')} ${formatShape(shape!)}`);
  return { ok: true };
}

/** Which fused op a GELU node becomes with a bias input. */
function target(gelu: Node): 'BiasGelu' | 'FastGelu' {
  if (gelu.opType === 'FastGelu') return 'FastGelu';
  return gelu.domain === MS_DOMAIN || attrString(gelu, 'approximate', 'none') === 'none' ? 'BiasGelu' : 'FastGelu';
}

const FORMS = [
  { suffix: 'bias-gelu', pattern: op('Gelu', [biasAdd], { bind: 'gelu', domain: MS_DOMAIN }) },
  { suffix: 'bias-onnx-gelu', pattern: op('Gelu', [biasAdd], { bind: 'gelu' }) },
  { suffix: 'bias-fast-gelu', pattern: op('FastGelu', [biasAdd], { bind: 'gelu', domain: MS_DOMAIN }) },
];

export const BIAS_GELU_RULES: readonly Rule[] = FORMS.map(({ suffix, pattern }) =>
  defineRule({
    name: `${PASS}/${suffix}`,
    pattern,
    check: (m, ctx) => checkBias(m, ctx, target(m.node('gelu'))),
    rewrite(m, b) {
      const gelu = m.node('gelu');
      const bias = m.tensor('bias');
      const op = target(gelu);
      const vectorBias = bias.dims.length === 1 ? m.value('bias') : b.initializer(`${bias.name}_vector`, { ...bias, dims: [numElements(bias.dims)] });
      b.node(op, [m.value('x'), vectorBias], { domain: MS_DOMAIN, outputs: [gelu.outputs[0]!], id: gelu.id });
      const from = `${gelu.domain === MS_DOMAIN ? 'com.microsoft.' : ''}${gelu.opType}`;
      return `fused bias Add ${m.node('add').id} (${bias.name} ${formatShape(bias.dims)}) and ${from} ${gelu.id} into com.microsoft.${op}`;
    },
  }),
);
