// Reading the numbers of a matched attention block (heads, head size, scale) with the checks
// that make a fused attention op compute the same thing, and packing the Q/K/V weights.
import { attrInt } from '../../../ir/attributes.ts';
import { makeTensor, numElements, tensorData, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Dim, Tensor } from '../../../ir/types.ts';
import type { Match } from '../../rewrite/match.ts';
import type { RewriteContext } from '../../rewrite/rule.ts';
import { formatShape } from '../../support/describe.ts';
import { scalarValue } from '../constants.ts';
import { headSplitTarget } from './head-split.ts';
import { isSelfAttention, type AttentionInputs } from './pattern.ts';

export interface AttentionShape {
  readonly heads: number;
  readonly headSize: number;
  /** heads · headSize */
  readonly hidden: number;
  readonly inputSize: number;
  /** The factor the scores are multiplied by. */
  readonly scale: number;
}

const ints = (t: Tensor) => Array.from(tensorToNumbers(t));

/** A reshape target's leading entries must keep x's batch and sequence dims. */
function keepsLeading(target: readonly number[], x: readonly Dim[]): boolean {
  return [0, 1].every((i) => target[i] === 0 || target[i] === x[i] || (target[i] === -1 && target.filter((v) => v === -1).length === 1));
}

/** The block's numbers, or why a fused attention op would not compute the same thing. */
export function readAttention(m: Match, ctx: RewriteContext, inputs: AttentionInputs): AttentionShape | string {
  const x: Record<string, readonly Dim[]> = {};
  for (const name of [inputs.q, inputs.k, inputs.v]) {
    const shape = ctx.shape(m.value(name));
    if (!shape || shape.length !== 3) return `the attention input ${m.value(name)} has shape ${shape ? formatShape(shape) : 'unknown'}; fused attention takes [batch, sequence, hidden]`;
    x[name] = shape;
  }
  const [qW, kW, vW] = ['qW', 'kW', 'vW'].map((k) => m.tensor(k));
  // Self-attention packs the three weights side by side, so they must agree in both dims.
  const self = isSelfAttention(m, inputs);
  if ([qW, kW, vW].some((w) => w!.dims.length !== 2 || (self ? w!.dims.join() !== qW!.dims.join() : w!.dims[1] !== qW!.dims[1]))) {
    return `the Q/K/V weights have shapes ${[qW, kW, vW].map((w) => formatShape(w!.dims)).join(', ')}; expected 2-D weights of one width${self ? ' and one input size' : ''}`;
  }
  const notFloat = ['qW', 'kW', 'vW', 'qB', 'kB', 'vB'].map((k) => m.tensor(k)).find((t) => t.dtype !== 'float32');
  if (notFloat) return `${notFloat.name} is ${notFloat.dtype}; Attention's packed weights are float32 here`;
  const [inputSize, hidden] = qW!.dims as [number, number];
  for (const k of ['qB', 'kB', 'vB']) {
    const t = m.tensor(k);
    if (numElements(t.dims) !== hidden || t.dims.slice(0, -1).some((d) => d !== 1)) return `bias ${t.name} ${formatShape(t.dims)} is not a vector of ${hidden}`;
  }
  const shapes: [('q' | 'k' | 'v'), number[]][] = [];
  for (const p of ['q', 'k', 'v'] as const) {
    const target = headSplitTarget(m, p);
    if (typeof target === 'string') return target;
    shapes.push([p, target]);
  }
  const [heads, headSize] = [shapes[0]![1][2]!, shapes[0]![1][3]!];
  for (const [p, s] of shapes) {
    if (s.length !== 4 || s[2] !== heads || s[3] !== headSize || !keepsLeading(s, x[inputs[p]]!)) return `the head split reshapes to [${s}]; expected [batch, sequence, heads, head size] with the same heads for Q, K and V`;
  }
  if (!(heads > 0 && headSize > 0) || heads * headSize !== hidden) return `${heads} heads of size ${headSize} do not make the projection width ${hidden}`;
  const merge = ints(m.tensor('mergeShape'));
  if (merge.length !== 3 || !(merge[2] === hidden || merge[2] === -1) || !keepsLeading(merge, x[inputs.q]!)) return `the head merge reshapes to [${merge}], not [batch, sequence, ${hidden}]`;
  const softmax = m.node('softmax');
  const axis = attrInt(softmax, 'axis', ctx.opset >= 13 ? -1 : 1);
  if (axis !== -1 && axis !== 3) return `Softmax ${softmax.id} normalizes axis ${axis}, not the key axis`;
  const c = scalarValue(m.tensor('scale'));
  if (c === undefined || c === 0) return `the score scale ${m.tensor('scale').name} is not a non-zero scalar`;
  const scale = m.node('scaleOp').opType === 'Div' ? 1 / c : c;
  return { heads, headSize, hidden, inputSize, scale };
}

/** Concatenates 2-D weights along columns ([K, N]·3 → [K, 3N]) or vectors end to end. */
export function packColumns(name: string, parts: readonly Tensor[]): Tensor {
  const rows = parts[0]!.dims.length === 2 ? parts[0]!.dims[0]! : 1;
  const cols = parts.map((t) => numElements(t.dims) / rows);
  const total = cols.reduce((a, b) => a + b, 0);
  const out = new Float32Array(rows * total);
  let offset = 0;
  parts.forEach((t, p) => {
    const v = tensorData(t) as Float32Array;
    const n = cols[p]!;
    for (let r = 0; r < rows; r++) out.set(v.subarray(r * n, r * n + n), r * total + offset);
    offset += n;
  });
  return makeTensor(name, 'float32', rows === 1 && parts[0]!.dims.length !== 2 ? [total] : [rows, total], out);
}
