// Patterns and checks fuse-qdq's rules share: a DequantizeLinear over quantized data with constant
// scale and zero point, read back as numbers; the "only the QuantizeLinear reads it" check; and
// zero points made explicit (QLinear ops need them as inputs; QuantizeLinear's default is uint8 0).
import { attrInt } from '../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../ir/tensor.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import type { RewriteBuilder } from '../rewrite/builder.ts';
import type { Match } from '../rewrite/match.ts';
import { any, constant, op, optional, type OpPattern, type ValuePattern } from '../rewrite/pattern.ts';
import { fail, ok, type RewriteContext, type Verdict } from '../rewrite/rule.ts';
import { scalarTensor } from './quant-params.ts';

/** DequantizeLinear (q, scale, zero point?) bound as `<k>` with values `<k>q`, `<k>s`, `<k>z`. */
export function dq(k: string, data: ValuePattern = any(`${k}q`)): OpPattern {
  return op('DequantizeLinear', [data, constant(`${k}s`), optional(constant(`${k}z`))], { bind: k });
}

/** The same, over a constant (a weight or bias). */
export function dqConst(k: string): OpPattern {
  return dq(k, constant(`${k}q`));
}

export interface DqParams {
  readonly node: Node;
  readonly data: string;
  readonly scale: Tensor;
  readonly zeroPoint?: Tensor;
  readonly axis: number;
}

export function dqParams(m: Match, k: string): DqParams {
  const node = m.node(k);
  const z = m.optionalTensor(`${k}z`);
  return { node, data: m.value(`${k}q`), scale: m.tensor(`${k}s`), ...(z ? { zeroPoint: z } : {}), axis: attrInt(node, 'axis', 1) };
}

export const isScalar = (t: Tensor) => numElements(t.dims) === 1;

/** The quantized dtype a DQ reads: its zero point's, else QuantizeLinear's default uint8. */
export function quantType(p: DqParams, ctx: RewriteContext): string {
  return p.zeroPoint?.dtype ?? ctx.dtype(p.data) ?? 'uint8';
}

/** A per-tensor activation: scalar scale and zero point, 8-bit. */
export function checkPerTensor(p: DqParams, ctx: RewriteContext, what: string): Verdict {
  if (!isScalar(p.scale) || (p.zeroPoint && !isScalar(p.zeroPoint))) return fail(`${what} ${p.data} is quantized per axis; this op takes one scale`, p.node);
  const t = quantType(p, ctx);
  return t === 'uint8' || t === 'int8' ? ok() : fail(`${what} ${p.data} is ${t}; QLinear ops take 8-bit data`, p.node);
}

/** A symmetric int8 weight: every zero point 0, scales per tensor or along `axis`. */
export function checkWeight(p: DqParams, ctx: RewriteContext, axis: number, channels: number): Verdict {
  if (quantType(p, ctx) !== 'int8') return fail(`weight ${p.data} is ${quantType(p, ctx)}, not int8`, p.node);
  if (p.zeroPoint && tensorToNumbers(p.zeroPoint).some((z) => z !== 0)) return fail(`weight ${p.data} has non-zero zero points`, p.node);
  if (isScalar(p.scale)) return ok();
  const rank = ctx.constant(p.data)?.dims.length ?? 0;
  if ((p.axis + rank) % rank !== axis || numElements(p.scale.dims) !== channels) return fail(`weight ${p.data} is quantized along axis ${p.axis}; this op needs per-tensor or axis-${axis} scales`, p.node);
  return ok();
}

/** Declines when anything besides `reader` reads `n`'s output (fusing would compute it twice). */
export function checkOnlyReader(n: Node, reader: Node, ctx: RewriteContext): Verdict {
  const out = n.outputs[0]!;
  const others = ctx.consumers(out).filter((c) => c !== reader);
  if (ctx.isGraphOutput(out)) return fail(`${n.opType} ${n.id}'s output is a graph output`, n);
  return others.length ? fail(`${n.opType} ${n.id}'s output is also read by ${others.map((o) => `${o.opType} ${o.id}`).join(', ')}`, n) : ok();
}

/** The zero point as an input name: the bound one, or a new 0 of the data's type. */
export function zeroPointInput(m: Match, b: RewriteBuilder, k: string, type: string): string {
  if (m.has(`${k}z`)) return m.value(`${k}z`);
  return b.initializer(`${m.value(`${k}q`)}_zero_point`, scalarTensor('', type === 'int8' ? 'int8' : 'uint8', 0));
}

/** Verdicts in order: the first failure, else ok. */
export function all(...verdicts: (() => Verdict)[]): Verdict {
  for (const v of verdicts) {
    const r = v();
    if (!r.ok) return r;
  }
  return ok();
}
