// simplify-shapes, Unsqueeze/Squeeze pairs: adding axes of size 1 and removing the same axes
// again (or removing size-1 axes and putting them back where they were) gives back the input.
// Axes are compared after normalizing negative ones against the rank both ops agree on: the
// unsqueezed rank for Unsqueeze→Squeeze, the input's rank for Squeeze→Unsqueeze.
//
//   before: u = Unsqueeze (x, "axes")  (axes = [0]);  y = Squeeze (u, "axes")
//   after:  y is x
import { attrInts } from '../../ir/attributes.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import type { Node } from '../../ir/types.ts';
import { any, op, optional } from '../rewrite/pattern.ts';
import { defineRule, fail, type RewriteContext, type Rule, type Verdict } from '../rewrite/rule.ts';
import { canForward, forward } from './forward.ts';

/** The axes of a Squeeze/Unsqueeze: the attribute before opset 13, the constant input after. */
function axesOf(n: Node, ctx: RewriteContext): number[] | string {
  const input = n.inputs[1];
  if (input) {
    const t = ctx.constant(input);
    return t ? Array.from(tensorToNumbers(t)) : `the axes of ${n.opType} ${n.id} are not a constant`;
  }
  const attr = attrInts(n, 'axes');
  return attr ? [...attr] : `${n.opType} ${n.id} has no axes`;
}

function normalized(axes: readonly number[], rank: number | undefined): number[] | undefined {
  if (axes.some((a) => a < 0) && rank === undefined) return undefined;
  return axes.map((a) => (a < 0 ? a + rank! : a)).sort((a, b) => a - b);
}

/** Whether the pair cancels; on success returns the axes it cancels in the message. */
function cancels(m: { node(n: string): Node }, ctx: RewriteContext, outerRankOffset: (axes: number) => number): Verdict & { axes?: number[] } {
  const [inner, outer] = [m.node('inner'), m.node('outer')];
  const a = axesOf(inner, ctx);
  const b = axesOf(outer, ctx);
  if (typeof a === 'string') return fail(a);
  if (typeof b === 'string') return fail(b);
  const x = inner.inputs[0]!;
  const xRank = ctx.shape(x)?.length;
  const rank = xRank === undefined ? undefined : xRank + outerRankOffset(a.length);
  const [na, nb] = [normalized(a, rank), normalized(b, rank)];
  if (!na || !nb) return fail(`negative axes need the rank of ${x}, which is unknown`);
  if (na.length !== nb.length || na.some((v, i) => v !== nb[i])) return fail(`${inner.opType} axes [${a.join(',')}] and ${outer.opType} axes [${b.join(',')}] differ`);
  const verdict = canForward(outer, x, ctx);
  return verdict.ok ? { ...verdict, axes: na } : verdict;
}

const unsqueezeSqueeze = defineRule({
  name: 'simplify-shapes/unsqueeze-squeeze',
  pattern: op('Squeeze', [op('Unsqueeze', null, { bind: 'inner' }), optional(any())], { bind: 'outer' }),
  sharedIntermediates: 'keep',
  // Both ops see the unsqueezed rank: the input's plus the axes added.
  check: (m, ctx) => cancels(m, ctx, (n) => n),
  rewrite(m, b, ctx) {
    const { axes } = cancels(m, ctx, (n) => n);
    return `cancelled Unsqueeze ${m.node('inner').id} → Squeeze ${m.node('outer').id} on axes [${axes!.join(',')}]; ${forward(m.node('outer'), m.node('inner').inputs[0]!, b)}`;
  },
});

const squeezeUnsqueeze = defineRule({
  name: 'simplify-shapes/squeeze-unsqueeze',
  pattern: op('Unsqueeze', [op('Squeeze', null, { bind: 'inner' }), optional(any())], { bind: 'outer' }),
  sharedIntermediates: 'keep',
  // Squeeze's axes index its input; Unsqueeze's index its output, which has that same rank.
  check: (m, ctx) => cancels(m, ctx, () => 0),
  rewrite(m, b, ctx) {
    const { axes } = cancels(m, ctx, () => 0);
    return `cancelled Squeeze ${m.node('inner').id} → Unsqueeze ${m.node('outer').id} on axes [${axes!.join(',')}]; ${forward(m.node('outer'), m.node('inner').inputs[0]!, b)}`;
  },
});

export const SQUEEZE_RULES: readonly Rule[] = [unsqueezeSqueeze, squeezeUnsqueeze];
