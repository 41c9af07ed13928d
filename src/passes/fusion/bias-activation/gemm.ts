// Gemm + activation → com.microsoft FusedGemm (onnxruntime's GemmActivationFusion), with the
// activation's parameters as activation_alpha/beta/gamma. Activations its CPU kernel rejects
// (Clip, HardSwish, GELU) leave a near miss.
import type { Attribute } from '../../../ir/types.ts';
import { any, op, optional } from '../../rewrite/pattern.ts';
import { defineRule, fail, type Rule } from '../../rewrite/rule.ts';
import { MS_DOMAIN, requireFloat32Value } from '../contrib.ts';
import { describeActivation, GEMM_ACTIVATIONS, gemmActivationAttrs, MS_ACTIVATIONS, UNSUPPORTED_AFTER_GEMM } from './activation-table.ts';
import { rewrittenId } from '../node-ids.ts';

const PASS = 'fuse-bias-activation';

const gemm = op('Gemm', null, { bind: 'gemm' });

const gemmActivation = defineRule({
  name: `${PASS}/gemm-act`,
  pattern: op(GEMM_ACTIVATIONS, [gemm], { bind: 'act' }),
  check: (m, ctx) => requireFloat32Value(ctx, m.node('gemm').outputs[0]!, 'FusedGemm'),
  rewrite(m, b) {
    const g = m.node('gemm');
    const act = m.node('act');
    const params = gemmActivationAttrs(act);
    const attrs: Attribute[] = [...g.attributes, { name: 'activation', type: 'string', value: act.opType }, ...params];
    b.node('FusedGemm', g.inputs, { domain: MS_DOMAIN, attrs, outputs: [act.outputs[0]!], id: rewrittenId(g) });
    return `fused Gemm ${g.id} and ${act.opType} ${act.id} into com.microsoft.FusedGemm (activation ${describeActivation(act.opType, params.map((p) => p.value as number))})`;
  },
});

/** Activations FusedGemm cannot run: matched only to say so. */
const unsupported: Rule[] = [
  { domain: '', types: UNSUPPORTED_AFTER_GEMM as readonly string[], suffix: 'unsupported' },
  { domain: MS_DOMAIN, types: MS_ACTIVATIONS as readonly string[], suffix: 'unsupported-contrib' },
].map(({ domain, types, suffix }) =>
  defineRule({
    name: `${PASS}/gemm-${suffix}`,
    pattern: op(types, [gemm, optional(any()), optional(any())], { bind: 'act', domain }),
    check(m) {
      const name = `${domain ? `${domain}.` : ''}${m.node('act').opType}`;
      return fail(`Gemm ${m.node('gemm').id} is followed by ${name}, which onnxruntime's FusedGemm cannot run (it runs ${GEMM_ACTIVATIONS.join(', ')})`);
    },
    rewrite: () => {
      throw new Error('never applies');
    },
  }),
);

export const GEMM_ACTIVATION_RULES: readonly Rule[] = [gemmActivation, ...unsupported];
