// The layer normalization expansion exporters emit, as pattern variants:
//
//   μ = ReduceMean(x);  d = Sub(x, μ);  v = ReduceMean(Pow(d, 2) | Mul(d, d))
//   n = Div(d, Sqrt(Add(v, ε))) | Mul(d, Reciprocal(Sqrt(Add(v, ε))))
//
// d is read twice; the matcher binds a node once, so the second read is matched as the value
// 'd2' and the check makes sure it is the Sub's output. The reduction axes are an attribute up
// to opset 17 and an input from opset 18.
import { attrInt, attrInts } from '../../../ir/attributes.ts';
import { tensorToNumbers } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import type { Match } from '../../rewrite/match.ts';
import { any, constant, op, optional, type OpPattern } from '../../rewrite/pattern.ts';
import { fail, ok, type RewriteContext, type Verdict } from '../../rewrite/rule.ts';
import { allOf, expectScalar, scalarValue } from '../constants.ts';
import { near, scalar } from '../activations/fragments.ts';

const reduceMean = (input: OpPattern | ReturnType<typeof any>, bind: string) => op('ReduceMean', [input, optional(constant(`${bind}Axes`))], { bind });

const centered = op('Sub', [any('x'), reduceMean(any('x'), 'mean')], { bind: 'sub' });

const SQUARES: Record<string, OpPattern> = {
  pow: op('Pow', [any('d2'), near('two', 2)], { bind: 'square' }),
  mul: op('Mul', [any('d2'), any('d2')], { bind: 'square' }),
};

const std = (square: OpPattern) => op('Sqrt', [op('Add', [reduceMean(square, 'variance'), scalar('eps')], { bind: 'addEps' })], { bind: 'sqrt' });

const NORMALIZED: Record<string, (square: OpPattern) => OpPattern> = {
  div: (square) => op('Div', [centered, std(square)], { bind: 'norm' }),
  reciprocal: (square) => op('Mul', [centered, op('Reciprocal', [std(square)])], { bind: 'norm' }),
};

export interface LayerNormVariant {
  readonly name: string;
  readonly pattern: OpPattern;
}

/** The normalization itself; γ and β after it are folded in by the affine rules (affine.ts). */
export const LAYER_NORM_VARIANTS: readonly LayerNormVariant[] = Object.entries(NORMALIZED).flatMap(([norm, normalized]) =>
  Object.entries(SQUARES).map(([sq, square]) => ({ name: `${norm}-${sq}`, pattern: normalized(square) })),
);

/** The axes a ReduceMean reduces (attribute or input), or undefined when they are not constant. */
function reduceAxes(m: Match, bind: string): number[] | undefined {
  const n = m.node(bind);
  if (m.has(`${bind}Axes`)) return Array.from(tensorToNumbers(m.tensor(`${bind}Axes`)));
  if (n.inputs[1]) return undefined;
  return [...(attrInts(n, 'axes') ?? [])];
}

/** The first normalized axis (negative, from the end) when the axes are the trailing ones, else a reason. */
export function normalizedAxis(m: Match, ctx: RewriteContext): number | string {
  const rank = ctx.shape(m.value('x'))?.length;
  if (rank === undefined) return `the rank of ${m.value('x')} is not known`;
  const sets: number[][] = [];
  for (const bind of ['mean', 'variance']) {
    const node: Node = m.node(bind);
    if (attrInt(node, 'keepdims', 1) !== 1) return `ReduceMean ${node.id} drops the reduced axes (keepdims=0)`;
    const axes = reduceAxes(m, bind);
    if (!axes || !axes.length) return `ReduceMean ${node.id} does not reduce constant, explicit axes`;
    sets.push([...new Set(axes.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b));
  }
  const [mean, variance] = sets as [number[], number[]];
  if (mean.join() !== variance.join()) return `the mean reduces axes [${mean}] but the variance reduces [${variance}]`;
  const trailing = mean.every((a, i) => a === rank - mean.length + i);
  if (!trailing) return `the reduced axes [${mean}] of a rank-${rank} input are not the last ones`;
  return -mean.length;
}

/** Structure and constants shared by every variant (not the axes or the affine shapes). */
export function checkLayerNormCore(m: Match): Verdict {
  const sub = m.node('sub');
  return allOf(
    () => (m.value('d2') === sub.outputs[0] ? ok() : fail(`the variance squares ${m.value('d2')}, not the centered value ${sub.outputs[0]} (Sub ${sub.id})`)),
    () => (m.has('two') ? expectScalar(m.tensor('two'), 2, `the exponent of Pow ${m.node('square').id}`) : ok()),
    () => {
      const eps = scalarValue(m.tensor('eps'))!;
      return eps > 0 ? ok() : fail(`epsilon ${eps} of Add ${m.node('addEps').id} is not positive`);
    },
  );
}
