// Multi-head attention as exporters write it. The head-split Reshape targets are constants after
// constant folding (static shapes), or Shape→Gather→Unsqueeze→Concat chains (dynamic ones):
//
//   q = Transpose<0,2,1,3>(Reshape(Add(MatMul(x, Wq), bq), [B,S,N,H]))
//   k = Transpose<0,2,3,1>(Reshape(Add(MatMul(x, Wk), bk), [B,S,N,H]))      (or <0,2,1,3> then <0,1,3,2>)
//   v = Transpose<0,2,1,3>(Reshape(Add(MatMul(x, Wv), bv), [B,S,N,H]))
//   y = Reshape(Transpose<0,2,1,3>(MatMul(Softmax(Div(MatMul(q, k), c) | Mul(MatMul(q, k), c)), v)), [B,S,N·H])
//
// Values are bound with a per-branch prefix: qW, qB, qShape, kW, ... and the nodes likewise.
// The projections' inputs are bound as xq, xk, xv: the same value for self-attention.
import { attrInts } from '../../../ir/attributes.ts';
import type { Node } from '../../../ir/types.ts';
import type { Match } from '../../rewrite/match.ts';
import { any, constant, op, optional, type OpPattern, type ValuePattern } from '../../rewrite/pattern.ts';

const perm = (expected: readonly number[]) => (n: Node) => (attrInts(n, 'perm') ?? []).join() === expected.join();

export const HEADS_FIRST = [0, 2, 1, 3] as const;

/** The names the projections' inputs are bound to; self-attention binds one value to all three. */
export interface AttentionInputs {
  readonly q: string;
  readonly k: string;
  readonly v: string;
}

export const INPUTS: AttentionInputs = { q: 'xq', k: 'xk', v: 'xv' };

/** Q, K and V projected from one value: packed weights (com.microsoft Attention) apply. */
export function isSelfAttention(m: Match, inputs: AttentionInputs): boolean {
  return m.value(inputs.q) === m.value(inputs.k) && m.value(inputs.k) === m.value(inputs.v);
}

type Branch = 'q' | 'k' | 'v';

/** How the head-split Reshape gets its target: folded to a constant, or computed at run time. */
export type ShapeForm = 'constant' | 'computed';

/**
 * [B, S, N, H] computed from the projection's own shape, as exporters write it for dynamic
 * batch and sequence: Concat(Unsqueeze(Gather(Shape(h), 0)), Unsqueeze(Gather(Shape(h), 1)), [N, H]).
 * The Shape is read by both Gathers; the second read is bound as a value (checked in head-split.ts).
 */
function computedShape(p: Branch): OpPattern {
  const dim = (k: 0 | 1, source: ValuePattern) =>
    op('Unsqueeze', [op('Gather', [source, constant(`${p}Index${k}`)], { bind: `${p}Gather${k}` }), optional(constant(`${p}Axes${k}`))], { bind: `${p}Unsqueeze${k}` });
  const shapeOf = op('Shape', [any(`${p}Measured`)], { bind: `${p}ShapeOf` });
  return op('Concat', [dim(0, shapeOf), dim(1, any(`${p}ShapeValue`)), constant(`${p}Heads`)], { bind: `${p}Concat` });
}

/** MatMul(input, W) + b, reshaped to [B, S, N, H]. */
function splitHeads(p: Branch, inputs: AttentionInputs, shape: ShapeForm): OpPattern {
  const projection = op('Add', [op('MatMul', [any(inputs[p]), constant(`${p}W`)], { bind: `${p}MatMul` }), constant(`${p}B`)], { bind: `${p}Add` });
  return op('Reshape', [projection, shape === 'constant' ? constant(`${p}Shape`) : computedShape(p)], { bind: `${p}Reshape` });
}

const headsFirst = (p: Branch, inputs: AttentionInputs, shape: ShapeForm) => op('Transpose', [splitHeads(p, inputs, shape)], { bind: `${p}Transpose`, where: perm(HEADS_FIRST) });

/** K transposed for Q·Kᵀ: in one Transpose, or heads-first then the last two axes swapped. */
const K_FORMS: Record<string, (inputs: AttentionInputs, shape: ShapeForm) => OpPattern> = {
  'k-direct': (inputs, shape) => op('Transpose', [splitHeads('k', inputs, shape)], { bind: 'kTranspose', where: perm([0, 2, 3, 1]) }),
  'k-twice': (inputs, shape) => op('Transpose', [headsFirst('k', inputs, shape)], { bind: 'kSwap', where: perm([0, 1, 3, 2]) }),
};

/** The scores scaled by a divisor or a factor. */
const SCALES: Record<string, (scores: OpPattern) => OpPattern> = {
  div: (scores) => op('Div', [scores, constant('scale')], { bind: 'scaleOp' }),
  mul: (scores) => op('Mul', [scores, constant('scale')], { bind: 'scaleOp' }),
};

export interface AttentionVariant {
  readonly name: string;
  readonly pattern: OpPattern;
}

/** Every pattern variant: K form × scale form × reshape-target form. */
export const attentionVariants = (inputs: AttentionInputs): AttentionVariant[] =>
  (['constant', 'computed'] as const).flatMap((shape) =>
    Object.entries(K_FORMS).flatMap(([kForm, k]) =>
      Object.entries(SCALES).map(([scaleForm, scaled]) => {
        const scores = op('MatMul', [headsFirst('q', inputs, shape), k(inputs, shape)], { bind: 'scores' });
        const probs = op('Softmax', [scaled(scores)], { bind: 'softmax' });
        const context = op('MatMul', [probs, headsFirst('v', inputs, shape)], { bind: 'context' });
        const merged = op('Transpose', [context], { bind: 'merge', where: perm(HEADS_FIRST) });
        const name = `${kForm}-${scaleForm}${shape === 'computed' ? '-computed-shape' : ''}`;
        return { name, pattern: op('Reshape', [merged, constant('mergeShape')], { bind: 'output' }) };
      }),
    ),
  );
