// Pattern fragments about constants that fusion rules share: "a scalar", "a scalar equal to v"
// (within float32 noise), and the near-miss wording when a constant is close to the value a
// fused op would hard-wire but not equal to it ("why wasn't this GELU recognized?").
import { numElements, tensorToNumbers } from '../../ir/tensor.ts';
import type { Tensor } from '../../ir/types.ts';
import { fail, ok, type Verdict } from '../rewrite/rule.ts';
import { num } from '../support/weights.ts';

/**
 * Relative tolerance for "this constant is v": exporters print constants like √2 or 0.044715 to
 * at least 7 significant digits, so anything further off is a different constant, and folding it
 * into an op that hard-wires v would change the model's numbers.
 */
export const CONSTANT_RTOL = 1e-5;
/** Within this relative distance a mismatch is reported as "close to v but not equal". */
const CLOSE_RTOL = 0.05;

const FLOATS = new Set(['float32', 'float16', 'float64', 'bfloat16']);

/** The value of a one-element floating-point constant, else undefined. */
export function scalarValue(t: Tensor | undefined): number | undefined {
  if (!t || t.data.kind !== 'raw' || !FLOATS.has(t.dtype) || numElements(t.dims) !== 1) return undefined;
  return tensorToNumbers(t)[0];
}

/** |actual − expected| within rtol relative to expected (absolute when expected is 0). */
export function nearlyEqual(actual: number, expected: number, rtol = CONSTANT_RTOL): boolean {
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= rtol * (expected === 0 ? 1 : Math.abs(expected));
}

/**
 * ok() when `t` is a scalar equal to `expected`; otherwise a reason naming the role of the
 * constant (`what`), its value and how far it is from the one the fused op assumes.
 */
export function expectScalar(t: Tensor, expected: number, what: string, expectedLabel = num(expected)): Verdict {
  const v = scalarValue(t);
  if (v === undefined) return fail(`${what} ${t.name} is not a float scalar (shape [${t.dims.join(',')}], ${t.dtype})`);
  return expectValue(v, expected, what, expectedLabel);
}

/** expectScalar for a number already read (an attribute, a computed factor). */
export function expectValue(v: number, expected: number, what: string, expectedLabel = num(expected)): Verdict {
  if (nearlyEqual(v, expected)) return ok();
  if (!nearlyEqual(v, expected, CLOSE_RTOL)) return fail(`${what} is ${fmt(v)}, not ${expectedLabel}`);
  return fail(`${what} is ${fmt(v)}, close to ${expectedLabel} but not equal (relative difference ${relDiff(v, expected)})`);
}

/** Runs verdicts in order; the first failure wins. */
export function allOf(...checks: (() => Verdict)[]): Verdict {
  for (const c of checks) {
    const v = c();
    if (!v.ok) return v;
  }
  return ok();
}

/** The shortest decimal that reads back as the same float32 (6.05, not 6.0500002). */
function fmt(x: number): string {
  for (let p = 1; p < 9; p++) {
    const s = Number(x.toPrecision(p));
    if (Math.fround(s) === Math.fround(x)) return String(s);
  }
  return String(Number(x.toPrecision(9)));
}

function relDiff(v: number, expected: number): string {
  return (Math.abs(v - expected) / (expected === 0 ? 1 : Math.abs(expected))).toExponential(1);
}
