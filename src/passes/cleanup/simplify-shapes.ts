// simplify-shapes: collapses chains of movement ops into one. A Reshape of a Reshape or Flatten
// is one Reshape of the original value; a Flatten of either becomes one Reshape; a Transpose of a
// Transpose is one Transpose with the composed perm, or nothing when that is the identity; an
// Unsqueeze undone by a Squeeze on the same axes (or the reverse) cancels. When the first op has
// other readers it stays for them (no work is duplicated: these ops move data, never compute).
// Shape of a value with a static shape is fold-constants' job, not repeated here.
//
//   before: a = Reshape (x, "s1");  b = Reshape (a, "s2");  t = Transpose <perm=[0,2,1]> (b);  y = Transpose <perm=[0,2,1]> (t)
//   after:  y = Reshape (x, "s2")
import { attrInt, attrInts } from '../../ir/attributes.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import { rulePass } from '../rewrite/driver.ts';
import { any, constant, op } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type Rule } from '../rewrite/rule.ts';
import { formatShape } from '../support/describe.ts';
import { canForward, forward } from './forward.ts';
import { SQUEEZE_RULES } from './simplify-shapes-squeeze.ts';

const reshapeChain = defineRule({
  name: 'simplify-shapes/reshape-chain',
  pattern: op('Reshape', [op(['Reshape', 'Flatten'], null, { bind: 'inner' }), constant('shape')], { bind: 'outer' }),
  sharedIntermediates: 'keep',
  check(m, ctx) {
    const target = Array.from(tensorToNumbers(m.tensor('shape')));
    // A 0 copies a dim of the outer Reshape's own input (the inner result), which x may not have.
    if (target.includes(0) && !attrInt(m.node('outer'), 'allowzero', 0) && !ctx.staticShape(m.node('inner').outputs[0]!)) {
      return fail(`target shape [${target.join(',')}] copies dims (0) of ${m.node('inner').outputs[0]}, whose shape is not static`);
    }
    return ok();
  },
  rewrite(m, b, ctx) {
    const [inner, outer] = [m.node('inner'), m.node('outer')];
    let target = Array.from(tensorToNumbers(m.tensor('shape')));
    let shape = outer.inputs[1]!;
    if (target.includes(0) && !attrInt(outer, 'allowzero', 0)) {
      const dims = ctx.staticShape(inner.outputs[0]!)!;
      target = target.map((d, i) => (d === 0 ? dims[i]! : d));
      shape = b.initializer(`${outer.id}/shape`, tensorFromNumbers('', 'int64', [target.length], target));
    }
    b.node('Reshape', [inner.inputs[0]!, shape], { attrs: outer.attributes, outputs: [outer.outputs[0]!], id: outer.id });
    return `collapsed ${inner.opType} ${inner.id} → Reshape ${outer.id} into one Reshape of ${inner.inputs[0]} to [${target.join(',')}]`;
  },
});

const flattenChain = defineRule({
  name: 'simplify-shapes/flatten-chain',
  pattern: op('Flatten', [op(['Reshape', 'Flatten'], null, { bind: 'inner' })], { bind: 'outer' }),
  sharedIntermediates: 'keep',
  check(m, ctx) {
    if (ctx.opset < 5) return fail('Reshape takes its shape as an input only from opset 5');
    const shape = ctx.shape(m.node('inner').outputs[0]!);
    const axis = attrInt(m.node('outer'), 'axis', 1);
    if (!shape) return fail(`the shape of ${m.node('inner').outputs[0]} is unknown`);
    const k = axis < 0 ? axis + shape.length : axis;
    if (!shape.slice(0, k).every((d) => typeof d === 'number')) return fail(`the dims before axis ${axis} of ${formatShape(shape)} are not static`);
    return ok();
  },
  rewrite(m, b, ctx) {
    const [inner, outer] = [m.node('inner'), m.node('outer')];
    const shape = ctx.shape(inner.outputs[0]!)!;
    const axis = attrInt(outer, 'axis', 1);
    const k = axis < 0 ? axis + shape.length : axis;
    const rows = (shape.slice(0, k) as number[]).reduce((a, d) => a * d, 1);
    const target = b.initializer(`${outer.id}/shape`, tensorFromNumbers('', 'int64', [2], [rows, -1]));
    b.node('Reshape', [inner.inputs[0]!, target], { outputs: [outer.outputs[0]!], id: outer.id });
    return `collapsed ${inner.opType} ${inner.id} → Flatten ${outer.id} into one Reshape of ${inner.inputs[0]} to [${rows},-1]`;
  },
});

/** The perm a Transpose applies: its attribute, or reversing the axes when it has none. */
function permOf(perm: readonly number[] | undefined, rank: number | undefined): number[] | undefined {
  if (perm) return [...perm];
  return rank === undefined ? undefined : Array.from({ length: rank }, (_, i) => rank - 1 - i);
}

const transposeChain = defineRule({
  name: 'simplify-shapes/transpose-chain',
  pattern: op('Transpose', [op('Transpose', [any('x')], { bind: 'inner' })], { bind: 'outer' }),
  sharedIntermediates: 'keep',
  check(m, ctx) {
    const [p1, p2] = [attrInts(m.node('inner'), 'perm'), attrInts(m.node('outer'), 'perm')];
    const rank = p1?.length ?? p2?.length ?? ctx.shape(m.value('x'))?.length;
    if (rank === undefined) return fail('neither Transpose has a perm and the rank is unknown');
    const inner = permOf(p1, rank)!;
    const outer = permOf(p2, rank)!;
    if (inner.length !== outer.length) return fail(`perms [${inner.join(',')}] and [${outer.join(',')}] differ in rank`);
    const composed = outer.map((p) => inner[p]!);
    return composed.every((p, i) => p === i) ? canForward(m.node('outer'), m.value('x'), ctx) : ok();
  },
  rewrite(m, b, ctx) {
    const [inner, outer] = [m.node('inner'), m.node('outer')];
    const rank = attrInts(inner, 'perm')?.length ?? attrInts(outer, 'perm')?.length ?? ctx.shape(m.value('x'))!.length;
    const p1 = permOf(attrInts(inner, 'perm'), rank)!;
    const p2 = permOf(attrInts(outer, 'perm'), rank)!;
    // out[i] = t[p2[i]] = x[p1[p2[i]]]
    const composed = p2.map((p) => p1[p]!);
    const pair = `Transpose ${inner.id} (perm [${p1.join(',')}]) → Transpose ${outer.id} (perm [${p2.join(',')}])`;
    if (composed.every((p, i) => p === i)) return `cancelled ${pair}: together they keep every axis in place; ${forward(outer, m.value('x'), b)}`;
    b.node('Transpose', [m.value('x')], { attrs: { perm: composed }, outputs: [outer.outputs[0]!], id: outer.id });
    return `composed ${pair} into one Transpose with perm [${composed.join(',')}]`;
  },
});

const RULES: readonly Rule[] = [reshapeChain, flattenChain, transposeChain, ...SQUEEZE_RULES];

export const simplifyShapes = rulePass(
  { id: 'simplify-shapes', title: 'Simplify shape ops', description: 'Collapses Reshape/Flatten chains into one Reshape, composes or cancels Transpose pairs, and cancels Unsqueeze/Squeeze pairs on the same axes.' },
  RULES,
);
