// HardSwish written out: x·HardSigmoid(x) with MobileNetV3's α=1/6, β=½, and PaddlePaddle's
// export x·Relu6(x+3)/6. At opset >= 14 the result is ONNX HardSwish; older models get
// kiln.HardSwish, a model-local function whose body is HardSigmoid + Mul.
//
//   before: t = Add (x, 3);  r = Clip (t, 0, 6);  p = Mul (x, r);  y = Div (p, 6)
//   after:  y = HardSwish (x)
import { attrFloat } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import type { RewriteBuilder } from '../../rewrite/builder.ts';
import { any, op } from '../../rewrite/pattern.ts';
import { defineRule, type RewriteContext, type Rule } from '../../rewrite/rule.ts';
import { allOf, expectValue, nearlyEqual } from '../constants.ts';
import { KILN_DOMAIN, kilnHardSwish } from '../kiln-functions.ts';
import { checkClip, checkConstants, clip, near, nodeList } from './fragments.ts';

/** ONNX HardSwish exists from opset 14. */
export const HARD_SWISH_OPSET = 14;

/** Writes HardSwish(x) into `output`; returns how it was written, for the explanation. */
export function emitHardSwish(b: RewriteBuilder, ctx: RewriteContext, x: string, output: string, id: string): string {
  if (ctx.opset >= HARD_SWISH_OPSET) {
    b.node('HardSwish', [x], { outputs: [output], id });
    return 'HardSwish';
  }
  b.addFunction(kilnHardSwish(ctx.opset));
  b.node('HardSwish', [x], { domain: KILN_DOMAIN, outputs: [output], id });
  return `kiln.HardSwish (a model-local function: opset ${ctx.opset} predates ONNX HardSwish, opset ${HARD_SWISH_OPSET})`;
}

const closeToSixth = (n: Node) => nearlyEqual(attrFloat(n, 'alpha', 0.2), 1 / 6, 0.05) && nearlyEqual(attrFloat(n, 'beta', 0.5), 0.5, 0.05);

const gated = defineRule({
  name: 'recognize-activations/hard-swish-gate',
  pattern: op('Mul', [any('x'), op('HardSigmoid', [any('x')], { bind: 'gate', where: closeToSixth })]),
  check(m) {
    const gate = m.node('gate');
    return allOf(
      () => expectValue(attrFloat(gate, 'alpha', 0.2), 1 / 6, `HardSigmoid ${gate.id} alpha`, '1/6'),
      () => expectValue(attrFloat(gate, 'beta', 0.5), 0.5, `HardSigmoid ${gate.id} beta`),
    );
  },
  rewrite(m, b, ctx) {
    const as = emitHardSwish(b, ctx, m.value('x'), m.root.outputs[0]!, m.root.id);
    return `recognized HardSwish x·HardSigmoid(x) (${nodeList(m)}) as ${as}`;
  },
});

/** x·Relu6(x+3) divided by 6 or multiplied by 1/6 (PaddlePaddle's hardswish export). */
const relu6Rules: Rule[] = (['Div', 'Mul'] as const).map((outer) =>
  defineRule({
    name: `recognize-activations/hard-swish-relu6-${outer.toLowerCase()}`,
    pattern: op(outer, [op('Mul', [any('x'), clip(op('Add', [any('x'), near('three', 3)]), 0, 6)]), near('six', outer === 'Div' ? 6 : 1 / 6)]),
    check: (m) =>
      allOf(
        () => checkClip(m, 0, 6),
        () => checkConstants(m, [['three', 3, 'the offset before the Clip'], ['six', outer === 'Div' ? 6 : 1 / 6, outer === 'Div' ? 'the final divisor' : 'the final factor', outer === 'Div' ? '6' : '1/6']]),
      ),
    rewrite(m, b, ctx) {
      const as = emitHardSwish(b, ctx, m.value('x'), m.root.outputs[0]!, m.root.id);
      return `recognized HardSwish x·Relu6(x+3)/6 (${nodeList(m)}) as ${as}`;
    },
  }),
);

export const HARD_SWISH_RULES: readonly Rule[] = [gated, ...relu6Rules];
