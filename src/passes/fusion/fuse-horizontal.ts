// fuse-horizontal: sibling ops that read the same input with constant weights run as one wider
// op whose result is split: Convs that agree on everything but their output channels (Inception's
// parallel 1×1 branches), and MatMuls with 2-D weights (attention's Q/K/V projections, with their
// per-column bias Adds when every sibling has one). One big kernel keeps the device busier than
// several small ones and reads the shared input once, as TensorRT's horizontal fusion does.
//
//   before: q = MatMul (x, "Wq");  k = MatMul (x, "Wk");  v = MatMul (x, "Wv")       (W: float[64,64])
//   after:  qkv = MatMul (x, "Wqkv");  q, k, v = Split <axis = -1> (qkv, "widths")   (Wqkv: float[64,192])
import { isInputError } from '../../ir/errors.ts';
import type { Node } from '../../ir/types.ts';
import { graphPass, type GraphScope } from '../cleanup/graph-pass.ts';
import { listOf } from '../support/describe.ts';
import { isDefaultDomain } from '../support/constant-values.ts';
import { convCandidate, difference, keyText, matmulCandidate, type Candidate, type Sibling } from './fuse-horizontal-siblings.ts';
import { mergeSiblings } from './fuse-horizontal-merge.ts';

const RULES = { Conv: 'fuse-horizontal/sibling-convs', MatMul: 'fuse-horizontal/sibling-matmuls' } as const;
type Kind = keyof typeof RULES;

const label = (n: Node) => `${n.opType} ${n.id}`;

/** Data readers of each value, by kind: nodes whose first input it is. */
function readersByValue(s: GraphScope): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const n of s.graph.nodes) {
    if (!isDefaultDomain(n) || (n.opType !== 'Conv' && n.opType !== 'MatMul') || !n.inputs[0] || n.inputs.length < 2) continue;
    const key = `${n.opType}\u0000${n.inputs[0]}`;
    const list = out.get(key);
    if (list) list.push(n);
    else out.set(key, [n]);
  }
  return out;
}

/** Splits candidates into groups that merge, and says why each of the others cannot join. */
function plan(kind: Kind, candidates: readonly Candidate[], s: GraphScope): Sibling[][] {
  const byKey = new Map<string, Sibling[]>();
  for (const c of candidates) if ('sibling' in c) byKey.set(keyText(c.sibling), [...(byKey.get(keyText(c.sibling)) ?? []), c.sibling]);
  const groups = [...byKey.values()].filter((g) => g.length > 1);
  const largest = [...byKey.values()].sort((a, b) => b.length - a.length)[0];
  for (const c of candidates) {
    const others = candidates.filter((o) => o !== c).map((o) => ('sibling' in o ? o.sibling.node : o.node));
    const siblings = `${listOf(others.map(label), 3)} also read${others.length === 1 ? 's' : ''} ${(('sibling' in c ? c.sibling.node : c.node).inputs[0])}`;
    if (!('sibling' in c)) s.miss(RULES[kind], c.node.id, `${siblings}, but ${c.reason}`);
    else if (byKey.get(keyText(c.sibling))!.length === 1 && largest && largest[0] !== c.sibling) s.miss(RULES[kind], c.sibling.node.id, `${siblings}, but ${difference(c.sibling, largest[0]!)}`);
  }
  return groups;
}

function fuseGraph(s: GraphScope) {
  const editor = s.editor();
  let merged = 0;
  for (const [key, readers] of readersByValue(s)) {
    if (readers.length < 2) continue;
    const kind = key.slice(0, key.indexOf('\u0000')) as Kind;
    const candidates = readers.map((n) => (kind === 'Conv' ? convCandidate(n, s.ctx) : matmulCandidate(n, s.ctx)));
    for (const group of plan(kind, candidates, s)) {
      // MatMul bias Adds merge too only when every sibling has one.
      const withBias = kind === 'MatMul' && group.every((g) => g.biasAdd) ? group : group.map((g) => ({ ...g, biasAdd: undefined }));
      try {
        const { message, produced } = mergeSiblings(kind, withBias, s, editor);
        s.explain({ rule: RULES[kind], message, matched: withBias.flatMap((g) => [g.node.id, ...(g.biasAdd ? [g.biasAdd.id] : [])]), produced });
        merged++;
      } catch (e) {
        if (!isInputError(e)) throw e;
        s.miss(RULES[kind], group[0]!.node.id, (e as Error).message);
      }
    }
  }
  return merged ? editor.apply() : undefined;
}

export const fuseHorizontal = graphPass(
  {
    id: 'fuse-horizontal',
    title: 'Fuse sibling Convs and MatMuls (horizontal fusion)',
    description: 'Merges Convs or MatMuls that read the same input with constant weights into one wider op followed by a Split.',
  },
  fuseGraph,
);
