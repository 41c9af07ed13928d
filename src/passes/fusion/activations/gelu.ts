// GELU written out, in the orders exporters emit it:
//   erf form   x·½·(1+erf(x/√2))                       → Gelu (opset >= 20) or com.microsoft.Gelu
//   tanh form  x·½·(1+tanh(√(2/π)·(x+0.044715·x³)))   → Gelu <approximate="tanh"> or com.microsoft.FastGelu
//
//   before: d = Div (x, 1.4142135);  e = Erf (d);  a = Add (e, 1);  p = Mul (x, a);  y = Mul (p, 0.5)
//   after:  y = com.microsoft.Gelu (x)                 (opset 17; ONNX Gelu from opset 20)
import { any, op, type OpPattern, type ValuePattern } from '../../rewrite/pattern.ts';
import { defineRule, type Rule } from '../../rewrite/rule.ts';
import { MS_DOMAIN, requireFloat32Value } from '../contrib.ts';
import { allOf } from '../constants.ts';
import { checkConstants, near, nodeList, scaled } from './fragments.ts';

/** ONNX Gelu (with approximate="none" | "tanh") exists from opset 20. */
export const GELU_OPSET = 20;

const SQRT2 = Math.SQRT2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const CUBIC = 0.044715;

const x = any('x');

/** 1 + erf(x/√2), the √2 as a divisor or as a factor 1/√2. */
const erfBranch = (form: 'Mul' | 'Div'): OpPattern => op('Add', [op('Erf', [scaled(x, 'root2', 1 / SQRT2, form)]), near('one', 1)]);

/** x³ as Pow(x, 3) or x·(x·x). */
const CUBES: Record<string, ValuePattern> = {
  pow: op('Pow', [x, near('three', 3)]),
  mul: op('Mul', [x, op('Mul', [x, x])]),
};

/** 1 + tanh(√(2/π)·(x + 0.044715·x³)). */
const tanhBranch = (cube: ValuePattern): OpPattern => op('Add', [op('Tanh', [op('Mul', [op('Add', [x, op('Mul', [cube, near('cubic', CUBIC)])]), near('k', SQRT_2_OVER_PI)])]), near('one', 1)]);

/** The three ways the ½ and the x are multiplied onto the branch. */
const OUTERS: Record<string, (branch: OpPattern) => OpPattern> = {
  'x-then-half': (branch) => op('Mul', [op('Mul', [x, branch]), near('half', 0.5)]),
  'half-branch': (branch) => op('Mul', [x, op('Mul', [branch, near('half', 0.5)])]),
  'half-x': (branch) => op('Mul', [op('Mul', [x, near('half', 0.5)]), branch]),
};

const erfRules: Rule[] = Object.entries(OUTERS).flatMap(([outer, wrap]) =>
  (['Div', 'Mul'] as const).map((form) =>
    defineRule({
      name: `recognize-activations/gelu-erf-${outer}-${form.toLowerCase()}`,
      pattern: wrap(erfBranch(form)),
      check: (m, ctx) =>
        allOf(
          () => checkConstants(m, [['root2', form === 'Div' ? SQRT2 : 1 / SQRT2, form === 'Div' ? 'the divisor inside Erf' : 'the factor inside Erf', form === 'Div' ? '√2' : '1/√2'], ['one', 1, 'the constant added to Erf'], ['half', 0.5, 'the outer factor']]),
          () => (ctx.opset >= GELU_OPSET ? { ok: true as const } : requireFloat32Value(ctx, m.value('x'), 'Gelu')),
        ),
      rewrite(m, b, ctx) {
        const onnx = ctx.opset >= GELU_OPSET;
        b.node('Gelu', [m.value('x')], { domain: onnx ? '' : MS_DOMAIN, outputs: [m.root.outputs[0]!], id: m.root.id });
        const why = onnx ? 'Gelu' : `com.microsoft.Gelu (opset ${ctx.opset} predates ONNX Gelu, opset ${GELU_OPSET})`;
        return `recognized GELU x·½·(1+erf(x/√2)) (${nodeList(m)}) as ${why}`;
      },
    }),
  ),
);

const tanhRules: Rule[] = Object.entries(OUTERS).flatMap(([outer, wrap]) =>
  Object.entries(CUBES).map(([cube, cubePattern]) =>
    defineRule({
      name: `recognize-activations/gelu-tanh-${outer}-${cube}`,
      pattern: wrap(tanhBranch(cubePattern)),
      check: (m, ctx) =>
        allOf(
          () => checkConstants(m, [...(m.has('three') ? [['three', 3, 'the exponent'] as const] : []), ['cubic', CUBIC, 'the cubic coefficient'], ['k', SQRT_2_OVER_PI, 'the factor inside Tanh', '√(2/π)'], ['one', 1, 'the constant added to Tanh'], ['half', 0.5, 'the outer factor']]),
          () => (ctx.opset >= GELU_OPSET ? { ok: true as const } : requireFloat32Value(ctx, m.value('x'), 'FastGelu')),
        ),
      rewrite(m, b, ctx) {
        const onnx = ctx.opset >= GELU_OPSET;
        if (onnx) b.node('Gelu', [m.value('x')], { attrs: { approximate: 'tanh' }, outputs: [m.root.outputs[0]!], id: m.root.id });
        else b.node('FastGelu', [m.value('x')], { domain: MS_DOMAIN, outputs: [m.root.outputs[0]!], id: m.root.id });
        const why = onnx ? 'Gelu(approximate="tanh")' : `com.microsoft.FastGelu (opset ${ctx.opset} predates ONNX Gelu, opset ${GELU_OPSET})`;
        return `recognized GELU x·½·(1+tanh(√(2/π)·(x+0.044715·x³))) (${nodeList(m)}) as ${why}`;
      },
    }),
  ),
);

export const GELU_RULES: readonly Rule[] = [...erfRules, ...tanhRules];
