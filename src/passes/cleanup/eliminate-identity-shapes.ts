// eliminate-identity, movement ops that move nothing: a Reshape, Flatten, Squeeze, Unsqueeze or
// Expand whose output has the static shape its input already has, a Pad whose pads are all
// zero, and a Slice that takes every element (step 1, from the start to at least the end).
//
//   before: r = Reshape (x, "shape")  (x: float[1,64], shape = [1,64]);  y = Relu (r)
//   after:  y = Relu (x)
import { attrInts } from '../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../ir/tensor.ts';
import type { Node, Shape } from '../../ir/types.ts';
import { any, op } from '../rewrite/pattern.ts';
import { defineRule, fail, ok, type RewriteContext, type Rule, type Verdict } from '../rewrite/rule.ts';
import { formatShape } from '../support/describe.ts';
import { canForward, forward } from './forward.ts';
import { routine } from './routine-declines.ts';

/** 'same' when both shapes are static and equal, 'different' when some known dim or the rank differs. */
function compareShapes(a: Shape | undefined, b: Shape | undefined): 'same' | 'different' | 'unknown' {
  if (!a || !b) return 'unknown';
  if (a.length !== b.length) return 'different';
  if (a.some((d, i) => typeof d === 'number' && typeof b[i] === 'number' && d !== b[i])) return 'different';
  return a.every((d, i) => typeof d === 'number' && d === b[i]) ? 'same' : 'unknown';
}

function sameShapeRule(opType: string): Rule {
  return defineRule({
    name: `eliminate-identity/same-shape-${opType.toLowerCase()}`,
    pattern: op(opType, null, { bind: 'n' }),
    check(m, ctx) {
      const n = m.node('n');
      const x = n.inputs[0];
      if (!x || n.outputs.length !== 1) return routine(`${opType} without one input and one output`);
      // Unsqueeze adds an axis for every entry of axes: only an empty list could leave the shape.
      if (opType === 'Unsqueeze' && (attrInts(n, 'axes')?.length || (n.inputs[1] && ctx.constant(n.inputs[1]) && numElements(ctx.constant(n.inputs[1])!.dims)))) return routine('it adds axes');
      const [before, after] = [ctx.shape(x), ctx.shape(n.outputs[0]!)];
      const same = compareShapes(before, after);
      if (same === 'different') return routine(`it changes the shape from ${formatShape(before!)} to ${formatShape(after!)}`);
      if (same === 'unknown') return fail(`the shapes of ${x} (${before ? formatShape(before) : 'unknown'}) and ${n.outputs[0]} (${after ? formatShape(after) : 'unknown'}) are not both static, so they cannot be proven equal`);
      return canForward(n, x, ctx);
    },
    rewrite(m, b, ctx) {
      const n = m.node('n');
      return `removed ${opType} ${n.id}: ${n.inputs[0]} already has shape ${formatShape(ctx.staticShape(n.inputs[0]!)!)}; ${forward(n, n.inputs[0]!, b)}`;
    },
  });
}

/** A constant input's integers, or an attribute's when the op's older form carried them. */
function ints(n: Node, input: number, attr: string, ctx: RewriteContext): number[] | undefined | 'dynamic' {
  const v = n.inputs[input];
  if (v) {
    const t = ctx.constant(v);
    return t ? Array.from(tensorToNumbers(t)) : 'dynamic';
  }
  const a = attrInts(n, attr);
  return a ? [...a] : undefined;
}

const pad = defineRule({
  name: 'eliminate-identity/pad-zero',
  pattern: op('Pad', null, { bind: 'n' }),
  check(m, ctx) {
    const n = m.node('n');
    const pads = ints(n, 1, 'pads', ctx);
    if (pads === 'dynamic') return fail(`pads ${n.inputs[1]} are not a constant`);
    if (!pads) return fail('it has no pads');
    if (pads.some((p) => p !== 0)) return routine(`pads [${pads.join(',')}] are not all zero`);
    return canForward(n, n.inputs[0]!, ctx);
  },
  rewrite: (m, b) => `removed Pad ${m.node('n').id}: every pad is 0; ${forward(m.node('n'), m.node('n').inputs[0]!, b)}`,
});

/** Ends this large mean "to the end" whatever the dim (INT_MAX and INT64_MAX are the usual spellings). */
const TO_THE_END = 2 ** 31 - 1;

function slicesEverything(n: Node, ctx: RewriteContext): Verdict {
  const x = n.inputs[0]!;
  const fromInputs = n.inputs.length > 1;
  const starts = fromInputs ? ints(n, 1, '', ctx) : ints(n, -1, 'starts', ctx);
  const ends = fromInputs ? ints(n, 2, '', ctx) : ints(n, -1, 'ends', ctx);
  const axesGiven = fromInputs ? ints(n, 3, '', ctx) : ints(n, -1, 'axes', ctx);
  const steps = fromInputs ? ints(n, 4, '', ctx) : undefined;
  for (const [what, v] of [['starts', starts], ['ends', ends], ['axes', axesGiven], ['steps', steps]] as const) {
    if (v === 'dynamic') return fail(`${what} are not constants`);
  }
  if (!Array.isArray(starts) || !Array.isArray(ends)) return fail('starts or ends are missing');
  const shape = ctx.shape(x);
  const axes = Array.isArray(axesGiven) ? axesGiven : starts.map((_, i) => i);
  for (let i = 0; i < axes.length; i++) {
    const step = Array.isArray(steps) ? steps[i]! : 1;
    if (step !== 1) return routine(`step ${step} on axis ${axes[i]} skips or reverses elements`);
    const rank = shape?.length;
    const axis = axes[i]! < 0 && rank !== undefined ? axes[i]! + rank : axes[i]!;
    const dim = shape?.[axis];
    const [start, end] = [starts[i]!, ends[i]!];
    const known = typeof dim === 'number' && dim >= 0;
    if (start !== 0 && !(known && start < 0 && start + dim <= 0)) return routine(`it starts at ${start} on axis ${axes[i]}`);
    if (end < TO_THE_END && !(known && end >= dim)) return known ? routine(`it ends at ${end} on axis ${axes[i]} of size ${dim}`) : fail(`it ends at ${end} on axis ${axes[i]}, whose size is not known`);
  }
  return ok();
}

const slice = defineRule({
  name: 'eliminate-identity/slice-everything',
  pattern: op('Slice', null, { bind: 'n' }),
  check(m, ctx) {
    const verdict = slicesEverything(m.node('n'), ctx);
    return verdict.ok ? canForward(m.node('n'), m.node('n').inputs[0]!, ctx) : verdict;
  },
  rewrite: (m, b) => `removed Slice ${m.node('n').id}: it takes every element, from the start to the end with step 1; ${forward(m.node('n'), m.node('n').inputs[0]!, b)}`,
});

export const SHAPE_IDENTITY_RULES: readonly Rule[] = [...['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Expand'].map(sameShapeRule), pad, slice];
