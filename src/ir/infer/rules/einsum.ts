// Einsum: the output shape follows from the equation's labels (explicit `->` output, or the
// implicit one: labels used once, in alphabetical order), with `...` broadcast across operands.
import { attrString } from '../../attributes.ts';
import type { Dim, Shape } from '../../types.ts';
import { broadcastShapes, unifyDims } from '../dims.ts';
import { InferError, tensorType, type RuleTable } from '../rule.ts';

function parseTerm(term: string): { labels: string[]; ellipsis: number } {
  const t = term.trim();
  const at = t.indexOf('...');
  const labels = t.replace('...', '').split('');
  for (const l of labels) if (!/[A-Za-z]/.test(l)) throw new InferError(`bad einsum label '${l}' in '${term}'`);
  return { labels, ellipsis: at < 0 ? -1 : t.slice(0, at).length };
}

export const einsumRules: RuleTable = {
  Einsum: (ctx) => {
    const equation = (attrString(ctx.node, 'equation') ?? '').replace(/\s/g, '');
    const [lhs, rhs] = equation.split('->') as [string, string | undefined];
    const terms = lhs.split(',');
    if (terms.length !== ctx.inputCount) throw new InferError(`equation '${equation}' has ${terms.length} operands but the node has ${ctx.inputCount} inputs`);
    const dtype = ctx.dtype(0);
    const sizes = new Map<string, Dim>();
    const counts = new Map<string, number>();
    const ellipsisShapes: Shape[] = [];
    for (const [i, term] of terms.entries()) {
      const shape = ctx.shape(i);
      if (!shape) return [tensorType(dtype)];
      const { labels, ellipsis } = parseTerm(term);
      const ellRank = ellipsis < 0 ? 0 : shape.length - labels.length;
      if (ellRank < 0 || (ellipsis < 0 && labels.length !== shape.length)) throw new InferError(`operand ${i} has rank ${shape.length}, term '${term}' has ${labels.length} labels`);
      labels.forEach((l, k) => {
        const d = shape[k < ellipsis || ellipsis < 0 ? k : k + ellRank]!;
        const prev = sizes.get(l);
        sizes.set(l, prev === undefined || prev === 1 ? d : d === 1 ? prev : unifyDims(prev, d, () => `label '${l}' has sizes ${prev} and ${d}`));
        counts.set(l, (counts.get(l) ?? 0) + 1);
      });
      if (ellipsis >= 0) ellipsisShapes.push(shape.slice(ellipsis, ellipsis + ellRank));
    }
    const ell = broadcastShapes(ellipsisShapes, ctx.fresh);
    if (rhs === undefined) {
      const implicit = [...counts].filter(([, c]) => c === 1).map(([l]) => l).sort();
      return [tensorType(dtype, [...ell, ...implicit.map((l) => sizes.get(l)!)])];
    }
    const out = parseTerm(rhs);
    const dims = out.labels.map((l): Dim => {
      if (!sizes.has(l)) throw new InferError(`output label '${l}' does not appear in the inputs`);
      return sizes.get(l)!;
    });
    if (out.ellipsis >= 0) dims.splice(out.ellipsis, 0, ...ell);
    return [tensorType(dtype, dims)];
  },
};
