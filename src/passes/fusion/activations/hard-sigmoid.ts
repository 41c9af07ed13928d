// HardSigmoid written out: Clip(x·α+β, 0, 1) in its exported spellings, and Relu6(x+3)/6
// (MobileNetV3's h-sigmoid) — both are HardSigmoid(x; α, β), with α and β read off the constants.
//
//   before: s = Mul (x, a);  t = Add (s, b);  y = Clip (t, 0, 1)
//   after:  y = HardSigmoid <alpha = a, beta = b> (x)
//
//   before: t = Add (x, 3);  r = Clip (t, 0, 6);  y = Div (r, 6)
//   after:  y = HardSigmoid <alpha = 0.16666667, beta = 0.5> (x)
import { float } from '../../../ir/builder.ts';
import type { RewriteBuilder } from '../../rewrite/builder.ts';
import type { Match } from '../../rewrite/match.ts';
import { any, op, type OpPattern } from '../../rewrite/pattern.ts';
import { defineRule, type Rule } from '../../rewrite/rule.ts';
import { num } from '../../support/weights.ts';
import { allOf, scalarValue } from '../constants.ts';
import { checkClip, checkConstants, clip, near, nodeList, scalar } from './fragments.ts';

/** x·α+β as exporters write it: x·a+b, x/d+b, or x+b (α = 1). */
const AFFINE: Record<string, OpPattern> = {
  mul: op('Add', [op('Mul', [any('x'), scalar('a')]), scalar('b')]),
  div: op('Add', [op('Div', [any('x'), scalar('d')]), scalar('b')]),
  add: op('Add', [any('x'), scalar('b')]),
};

function slope(m: Match): number {
  if (m.has('a')) return scalarValue(m.tensor('a'))!;
  if (m.has('d')) return 1 / scalarValue(m.tensor('d'))!;
  return 1;
}

function emit(m: Match, b: RewriteBuilder, alpha: number, beta: number, form: string): string {
  const root = m.root;
  b.node('HardSigmoid', [m.value('x')], { attrs: { alpha: float(Math.fround(alpha)), beta: float(Math.fround(beta)) }, outputs: [root.outputs[0]!], id: root.id });
  return `recognized ${form} (${nodeList(m)}) as HardSigmoid(α=${num(alpha)}, β=${num(beta)})`;
}

const clipRules: Rule[] = Object.entries(AFFINE).map(([form, inner]) =>
  defineRule({
    name: `recognize-activations/hard-sigmoid-clip-${form}`,
    pattern: clip(inner, 0, 1),
    check: (m) => checkClip(m, 0, 1),
    rewrite: (m, b) => emit(m, b, slope(m), scalarValue(m.tensor('b'))!, 'Clip(x·α+β, 0, 1)'),
  }),
);

/** Relu6(x·α+β)/6, the 6 written as a divisor or as a factor 1/6. */
const relu6Rules: Rule[] = (['mul', 'add'] as const).flatMap((form) =>
  (['Div', 'Mul'] as const).map((outer) =>
    defineRule({
      name: `recognize-activations/hard-sigmoid-relu6-${form}-${outer.toLowerCase()}`,
      pattern: op(outer, [clip(AFFINE[form]!, 0, 6), outer === 'Div' ? near('six', 6) : near('six', 1 / 6)]),
      check: (m) =>
        allOf(
          () => checkClip(m, 0, 6),
          () => checkConstants(m, [['six', outer === 'Div' ? 6 : 1 / 6, outer === 'Div' ? `the divisor after Clip ${m.node('clip').id}` : `the factor after Clip ${m.node('clip').id}`, outer === 'Div' ? '6' : '1/6']]),
        ),
      rewrite: (m, b) => emit(m, b, slope(m) / 6, scalarValue(m.tensor('b'))! / 6, 'Relu6(x·α+β)/6'),
    }),
  ),
);

export const HARD_SIGMOID_RULES: readonly Rule[] = [...clipRules, ...relu6Rules];
