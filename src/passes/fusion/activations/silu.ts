// SiLU / Swish written out: x·Sigmoid(x), or x·Sigmoid(β·x). onnxruntime's com.microsoft
// QuickGelu computes exactly x·Sigmoid(α·x) (its CPU kernel runs float32), so that is the op.
//
//   before: s = Sigmoid (x);  y = Mul (x, s)
//   after:  y = com.microsoft.QuickGelu <alpha = 1.0> (x)
import { float } from '../../../ir/builder.ts';
import { any, op, type OpPattern } from '../../rewrite/pattern.ts';
import { defineRule, type Rule } from '../../rewrite/rule.ts';
import { num } from '../../support/weights.ts';
import { scalarValue } from '../constants.ts';
import { MS_DOMAIN, requireFloat32Value } from '../contrib.ts';
import { nodeList, scalar } from './fragments.ts';

const FORMS: Record<string, OpPattern> = {
  plain: op('Mul', [any('x'), op('Sigmoid', [any('x')])]),
  scaled: op('Mul', [any('x'), op('Sigmoid', [op('Mul', [any('x'), scalar('beta')])])]),
};

export const SILU_RULES: readonly Rule[] = Object.entries(FORMS).map(([form, pattern]) =>
  defineRule({
    name: `recognize-activations/silu-${form}`,
    pattern,
    check: (m, ctx) => requireFloat32Value(ctx, m.value('x'), 'QuickGelu'),
    rewrite(m, b) {
      const alpha = m.has('beta') ? scalarValue(m.tensor('beta'))! : 1;
      b.node('QuickGelu', [m.value('x')], { domain: MS_DOMAIN, attrs: { alpha: float(alpha) }, outputs: [m.root.outputs[0]!], id: m.root.id });
      const what = m.has('beta') ? `Swish x·Sigmoid(${num(alpha)}·x)` : 'SiLU x·Sigmoid(x)';
      return `recognized ${what} (${nodeList(m)}) as com.microsoft.QuickGelu(α=${num(alpha)})`;
    },
  }),
);
