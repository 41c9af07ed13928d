// Finding the siblings horizontal fusion can merge: Convs (or MatMuls) that read the same value
// as their data input, have constant weights, and agree on everything but their output width.
// Each candidate gets a key; candidates with equal keys merge. A candidate that cannot take part
// says why (its weight is computed at run time, it is grouped, its kernel differs…).
import { attrInt, attrInts, attrString } from '../../ir/attributes.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import type { RewriteContext } from '../rewrite/rule.ts';
import { isDefaultDomain } from '../support/constant-values.ts';

export interface Sibling {
  readonly node: Node;
  readonly weight: Tensor;
  readonly bias?: Tensor;
  /** For MatMul: the Add that adds a per-column constant bias to its result, if any. */
  readonly biasAdd?: Node;
  /** Output channels (Conv) or columns (MatMul). */
  readonly width: number;
  /** Everything that must match for two siblings to merge, as readable parts. */
  readonly key: readonly (readonly [string, string])[];
}

export type Candidate = { readonly sibling: Sibling } | { readonly node: Node; readonly reason: string };

const list = (v: readonly number[]) => `[${v.join(',')}]`;

function notConstant(n: Node, w: string, ctx: RewriteContext): Candidate {
  const p = ctx.producer(w);
  const how = p ? `${p.opType} ${p.id} computes it when the model runs` : 'it is a graph input';
  return { node: n, reason: `its weight ${w} is not a constant (${how}), so it cannot be concatenated` };
}

export function convCandidate(n: Node, ctx: RewriteContext): Candidate {
  const [, w, b] = n.inputs;
  const weight = w ? ctx.constant(w) : undefined;
  if (!weight) return notConstant(n, w!, ctx);
  if (weight.dims.length < 3) return { node: n, reason: `its weight has rank ${weight.dims.length}` };
  const group = attrInt(n, 'group', 1);
  if (group !== 1) return { node: n, reason: `it is a grouped Conv (group=${group}); its channel groups would not line up after concatenation` };
  const bias = b ? ctx.constant(b) : undefined;
  if (b && !bias) return { node: n, reason: `its bias ${b} is not a constant` };
  const spatial = weight.dims.length - 2;
  const ones = Array(spatial).fill(1);
  const key: [string, string][] = [
    ['dtype', weight.dtype],
    ['input channels', String(weight.dims[1])],
    ['kernel shape', list(weight.dims.slice(2))],
    ['strides', list(attrInts(n, 'strides', ones))],
    ['dilations', list(attrInts(n, 'dilations', ones))],
    ['pads', list(attrInts(n, 'pads', Array(2 * spatial).fill(0)))],
    ['auto_pad', attrString(n, 'auto_pad', 'NOTSET')],
  ];
  return { sibling: { node: n, weight, ...(bias ? { bias } : {}), width: weight.dims[0]!, key } };
}

/** The Add after a MatMul that adds a constant [N] bias, when it is the MatMul's only reader. */
function biasAddOf(mm: Node, width: number, ctx: RewriteContext): { add: Node; bias: Tensor } | undefined {
  const out = mm.outputs[0]!;
  const readers = ctx.consumers(out);
  if (readers.length !== 1 || ctx.isGraphOutput(out)) return undefined;
  const add = readers[0]!;
  if (add.opType !== 'Add' || !isDefaultDomain(add) || add.inputs.length !== 2) return undefined;
  const other = add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!;
  if (other === out) return undefined;
  const bias = ctx.constant(other);
  return bias && bias.dims.length === 1 && bias.dims[0] === width ? { add, bias } : undefined;
}

export function matmulCandidate(n: Node, ctx: RewriteContext): Candidate {
  const w = n.inputs[1]!;
  const weight = ctx.constant(w);
  if (!weight) return notConstant(n, w, ctx);
  if (weight.dims.length !== 2) return { node: n, reason: `its weight has rank ${weight.dims.length}; only 2-D weights are concatenated` };
  const width = weight.dims[1]!;
  const bias = biasAddOf(n, width, ctx);
  const key: [string, string][] = [
    ['dtype', weight.dtype],
    ['rows', String(weight.dims[0])],
  ];
  return { sibling: { node: n, weight, width, key, ...(bias ? { bias: bias.bias, biasAdd: bias.add } : {}) } };
}

export const keyText = (s: Sibling) => JSON.stringify(s.key);

/** How `s` differs from `reference`, for a near miss. */
export function difference(s: Sibling, reference: Sibling): string {
  const i = s.key.findIndex(([, v], k) => v !== reference.key[k]![1]);
  const [what, mine] = s.key[i]!;
  return `its ${what} ${mine} differs from ${reference.node.opType} ${reference.node.id}'s ${reference.key[i]![1]}`;
}
