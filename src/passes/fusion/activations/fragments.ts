// Pattern fragments the activation rules are built from. Constants in these patterns match when
// they are *close* to the value an op hard-wires (so a 1.41 where √2 belongs is still found);
// each rule's check then demands equality and reports "close but not equal" as a near miss.
// Far-off constants never match, so unrelated Clip/Mul/Add chains stay silent.
import { attrFloat } from '../../../ir/attributes.ts';
import type { Node, Tensor } from '../../../ir/types.ts';
import type { Match } from '../../rewrite/match.ts';
import { constant, op, optional, type OpPattern, type ValuePattern } from '../../rewrite/pattern.ts';
import { ok, type Verdict } from '../../rewrite/rule.ts';
import { expectScalar, expectValue, nearlyEqual, scalarValue } from '../constants.ts';

/** Relative distance within which a constant counts as "meant to be" v (see expectScalar). */
const CLOSE = 0.05;

const close = (v: number | undefined, expected: number) => v !== undefined && nearlyEqual(v, expected, CLOSE);

/** A scalar constant close to `expected`, bound as `bind`. */
export function near(bind: string, expected: number): ValuePattern {
  return constant(bind, (t: Tensor) => close(scalarValue(t), expected));
}

/** Any scalar float constant, bound as `bind`. */
export function scalar(bind: string): ValuePattern {
  return constant(bind, (t: Tensor) => scalarValue(t) !== undefined);
}

/**
 * Clip(inner) with bounds close to [lo, hi], as constant inputs (opset >= 11) or as the min/max
 * attributes (opset 6-10). Binds the node as `bind` and the bounds as `<bind>Lo`/`<bind>Hi`.
 */
export function clip(inner: ValuePattern, lo: number, hi: number, bind = 'clip'): OpPattern {
  return op('Clip', [inner, optional(near(`${bind}Lo`, lo)), optional(near(`${bind}Hi`, hi))], {
    bind,
    where: (n: Node) => (n.inputs.length >= 3 && !!n.inputs[1] && !!n.inputs[2]) || (n.inputs.length === 1 && close(attrFloat(n, 'min'), lo) && close(attrFloat(n, 'max'), hi)),
  });
}

/** The Clip's bounds, whichever way they were written. */
export function clipBounds(m: Match, bind = 'clip'): [number, number] {
  const n = m.node(bind);
  if (n.inputs.length === 1) return [attrFloat(n, 'min', -Infinity), attrFloat(n, 'max', Infinity)];
  return [scalarValue(m.tensor(`${bind}Lo`))!, scalarValue(m.tensor(`${bind}Hi`))!];
}

/** ok() when the Clip's bounds are exactly [lo, hi]; otherwise which bound is off and by how much. */
export function checkClip(m: Match, lo: number, hi: number, bind = 'clip'): Verdict {
  const id = m.node(bind).id;
  const [min, max] = clipBounds(m, bind);
  const lower = expectValue(min, lo, `Clip ${id} min`);
  return lower.ok ? expectValue(max, hi, `Clip ${id} max`) : lower;
}

/** Checks each (constant binding, expected value, role[, how the value reads]) in order. */
export function checkConstants(m: Match, expected: readonly (readonly [string, number, string, string?])[]): Verdict {
  for (const [bind, value, what, label] of expected) {
    const v = expectScalar(m.tensor(bind), value, what, label);
    if (!v.ok) return v;
  }
  return ok();
}

/** "x·a" written as Mul(x, a) or Div(x, 1/a): binds the constant as `bind` and the node as `<bind>Op`. */
export function scaled(x: ValuePattern, bind: string, factor: number, form: 'Mul' | 'Div'): OpPattern {
  return form === 'Mul' ? op('Mul', [x, near(bind, factor)], { bind: `${bind}Op` }) : op('Div', [x, near(bind, 1 / factor)], { bind: `${bind}Op` });
}

/** The factor a `scaled` fragment multiplies by. */
export function scaleFactor(m: Match, bind: string): number {
  const v = scalarValue(m.tensor(bind))!;
  return m.node(`${bind}Op`).opType === 'Div' ? 1 / v : v;
}

/** "Add a, Clip c, Div d": the matched nodes, innermost first, for explanations. */
export function nodeList(m: Match): string {
  return [...m.nodes].reverse().map((n) => `${n.opType} ${n.id}`).join(', ');
}
