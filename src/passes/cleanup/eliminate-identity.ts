// eliminate-identity: removes nodes that return their input unchanged — Identity, inference
// Dropout, Cast to the type the value already has, a Transpose that keeps every axis, Concat of
// one input — and (in eliminate-identity-shapes.ts, eliminate-identity-arithmetic.ts) reshapes
// to the shape the value already has, Pad by zeros, Slice of everything, x·1, x+0, x−0, x/1.
// Their readers read the input instead; see forward.ts for graph outputs.
//
//   before: t = Identity (x);  c = Cast <to = 1> (t);  y = Relu (c)      (x is float32)
//   after:  y = Relu (x)
import { attrInt, attrInts } from '../../ir/attributes.ts';
import { DTYPES } from '../../ir/dtype.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import { rulePass } from '../rewrite/driver.ts';
import { any, op, optional } from '../rewrite/pattern.ts';
import { defineRule, fail, type Rule } from '../rewrite/rule.ts';
import { canForward, forward } from './forward.ts';
import { routine, withoutRoutineDeclines } from './routine-declines.ts';
import { ARITHMETIC_IDENTITY_RULES } from './eliminate-identity-arithmetic.ts';
import { RELU_CLIP_RULE } from './eliminate-identity-relu-clip.ts';
import { SHAPE_IDENTITY_RULES } from './eliminate-identity-shapes.ts';

const identity = defineRule({
  name: 'eliminate-identity/identity',
  pattern: op('Identity', [any('x')], { bind: 'n' }),
  check: (m, ctx) => canForward(m.node('n'), m.value('x'), ctx),
  rewrite: (m, b) => `removed Identity ${m.node('n').id}: ${forward(m.node('n'), m.value('x'), b)}`,
});

const dropout = defineRule({
  name: 'eliminate-identity/dropout',
  pattern: op('Dropout', [any('x'), optional(any('ratio')), optional(any('training'))], { bind: 'n' }),
  check(m, ctx) {
    const n = m.node('n');
    const mask = n.outputs[1];
    if (mask && (ctx.consumers(mask).length || ctx.isGraphOutput(mask))) return fail(`its mask ${mask} is read`);
    if (ctx.opset < 7 && attrInt(n, 'is_test', 0) === 0) return fail('Dropout before opset 7 without is_test=1 runs in training mode');
    if (m.has('training')) {
      const t = ctx.constant(m.value('training'));
      if (!t) return fail(`training_mode ${m.value('training')} is not a constant`);
      if (tensorToNumbers(t).some((v) => v !== 0)) return fail('training_mode is true: it drops values at random');
    }
    return canForward(n, m.value('x'), ctx);
  },
  rewrite: (m, b) => `removed Dropout ${m.node('n').id} (inference mode: it passes its input through): ${forward(m.node('n'), m.value('x'), b)}`,
});

const cast = defineRule({
  name: 'eliminate-identity/cast-same-type',
  pattern: op('Cast', [any('x')], { bind: 'n' }),
  check(m, ctx) {
    const to = DTYPES[attrInt(m.node('n'), 'to', 0) - 1];
    const from = ctx.dtype(m.value('x'));
    if (!from) return fail(`the type of ${m.value('x')} is unknown`);
    if (from !== to) return routine(`it converts ${from} to ${to ?? 'an unknown type'}`);
    return canForward(m.node('n'), m.value('x'), ctx);
  },
  rewrite: (m, b, ctx) => `removed Cast ${m.node('n').id}: ${m.value('x')} is already ${ctx.dtype(m.value('x'))}; ${forward(m.node('n'), m.value('x'), b)}`,
});

const transpose = defineRule({
  name: 'eliminate-identity/transpose-identity',
  pattern: op('Transpose', [any('x')], { bind: 'n' }),
  check(m, ctx) {
    const perm = attrInts(m.node('n'), 'perm');
    if (!perm) {
      // Without perm a Transpose reverses the axes: the identity only for rank 0 or 1.
      const rank = ctx.shape(m.value('x'))?.length;
      if (rank === undefined) return fail('without perm it reverses the axes, and the rank of its input is unknown');
      if (rank > 1) return routine(`it reverses the axes of a value of rank ${rank}`);
    } else if (perm.some((p, i) => p !== i)) {
      return routine(`perm [${perm.join(',')}] moves axes`);
    }
    return canForward(m.node('n'), m.value('x'), ctx);
  },
  rewrite(m, b) {
    const perm = attrInts(m.node('n'), 'perm');
    return `removed Transpose ${m.node('n').id}: ${perm ? `perm [${perm.join(',')}] keeps every axis in place` : 'its input has rank 0 or 1'}; ${forward(m.node('n'), m.value('x'), b)}`;
  },
});

const concat = defineRule({
  name: 'eliminate-identity/concat-single',
  pattern: op('Concat', [any('x')], { bind: 'n' }),
  check: (m, ctx) => canForward(m.node('n'), m.value('x'), ctx),
  rewrite: (m, b) => `removed Concat ${m.node('n').id}: it has a single input; ${forward(m.node('n'), m.value('x'), b)}`,
});

const RULES: readonly Rule[] = [identity, dropout, cast, transpose, concat, ...SHAPE_IDENTITY_RULES, ...ARITHMETIC_IDENTITY_RULES, RELU_CLIP_RULE];

export const eliminateIdentity = withoutRoutineDeclines(rulePass(
  { id: 'eliminate-identity', title: 'Eliminate identity ops', description: 'Removes nodes that return their input unchanged (Identity, inference Dropout, no-op Cast, Reshape, Transpose, Pad, Slice, x·1, x+0, single-input Concat) and a Relu right before a Clip (whose lower bound becomes at least 0).' },
  RULES,
));
