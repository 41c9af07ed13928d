// eliminate-identity, arithmetic that changes nothing: x·1, 1·x, x/1, x+0, 0+x, x−0 with a
// constant of exactly 1.0 or 0.0 in every element, and only when broadcasting against the
// constant leaves x's shape as it was (a [1,1] constant would turn a [4] x into [1,4]).
//
//   before: s = Mul (x, "one")  (one = 1.0, a scalar);  y = Relu (s)
//   after:  y = Relu (x)
import { numElements, tensorToNumbers } from '../../ir/tensor.ts';
import type { Tensor } from '../../ir/types.ts';
import { any, constant, op } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext, type Rule, type Verdict } from '../rewrite/rule.ts';
import { describeTensor, formatShape } from '../support/describe.ts';
import { canForward, forward } from './forward.ts';

/** At most this many elements are checked: a big all-ones tensor is rare and costly to scan. */
const MAX_SCAN = 4096;

const allEqual = (value: number) => (t: Tensor) =>
  t.data.kind === 'raw' && t.dtype !== 'string' && !t.dtype.startsWith('complex') && numElements(t.dims) <= MAX_SCAN && tensorToNumbers(t).every((v) => v === value);

/** Broadcasting x against the constant keeps x's shape: every constant dim is 1 or x's own. */
function keepsShape(x: string, c: Tensor, ctx: RewriteContext): Verdict {
  if (ctx.dtype(x) !== undefined && ctx.dtype(x) !== c.dtype) return fail(`${x} is ${ctx.dtype(x)} but the constant is ${c.dtype}`);
  if (c.dims.every((d) => d === 1)) {
    const rank = ctx.shape(x)?.length;
    if (rank !== undefined && rank >= c.dims.length) return ok();
    if (c.dims.length === 0) return ok();
    return fail(`the constant has rank ${c.dims.length}, ${rank === undefined ? 'and the rank of ' + x + ' is unknown' : `more than ${x} (${rank})`}: broadcasting would add axes`);
  }
  const shape = ctx.staticShape(x);
  if (!shape) return fail(`the constant has shape ${formatShape(c.dims)} and the shape of ${x} is not static`);
  const offset = shape.length - c.dims.length;
  if (offset < 0 || c.dims.some((d, i) => d !== 1 && d !== shape[offset + i])) return fail(`broadcasting ${formatShape(shape)} with ${formatShape(c.dims)} changes the shape`);
  return ok();
}

function neutralRule(name: string, opType: string, value: number, what: string): Rule {
  return defineRule({
    name: `eliminate-identity/${name}`,
    pattern: op(opType, [any('x'), constant('c', allEqual(value))], { bind: 'n' }),
    check(m, ctx) {
      const verdict = keepsShape(m.value('x'), m.tensor('c'), ctx);
      return verdict.ok ? canForward(m.node('n'), m.value('x'), ctx) : verdict;
    },
    rewrite: (m, b) => `removed ${opType} ${m.node('n').id}: ${what} constant ${describeTensor(m.tensor('c'))} leaves ${m.value('x')} as it is; ${forward(m.node('n'), m.value('x'), b)}`,
  });
}

export const ARITHMETIC_IDENTITY_RULES: readonly Rule[] = [
  neutralRule('mul-one', 'Mul', 1, 'multiplying by'),
  neutralRule('div-one', 'Div', 1, 'dividing by'),
  neutralRule('add-zero', 'Add', 0, 'adding'),
  neutralRule('sub-zero', 'Sub', 0, 'subtracting'),
];
