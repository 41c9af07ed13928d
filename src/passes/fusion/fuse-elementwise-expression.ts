// Turns a group of elementwise nodes into one expression: values made inside the group become
// calls, small constants (up to INLINE_LIMIT elements) are written into the expression, and every
// other value the group reads becomes an input x0, x1, … in order of first use.
import { DTYPES, type DType } from '../../ir/dtype.ts';
import { numElements, tensorToNumbers } from '../../ir/tensor.ts';
import type { Attribute, Node, Tensor } from '../../ir/types.ts';
import type { RewriteContext } from '../rewrite/rule.ts';
import { call, constant, input, type AttrValue, type Expr } from './expression/ast.ts';
import { exprOp } from './expression/ops.ts';
import type { ElementwiseGroup } from './fuse-elementwise-groups.ts';

/** Constants with at most this many elements are inlined; bigger ones stay inputs. */
export const INLINE_LIMIT = 16;

const INLINE_DTYPES: ReadonlySet<DType> = new Set(['float32', 'float64', 'float16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'bool']);

export interface GroupExpression {
  readonly expr: Expr;
  /** The value each input xk stands for. */
  readonly inputs: readonly string[];
  /** Members in topological order. */
  readonly nodes: readonly Node[];
  /** Constants written into the expression (their values no longer need to be read). */
  readonly inlined: readonly string[];
}

export function inlinable(t: Tensor | undefined): t is Tensor {
  if (!t || t.data.kind !== 'raw' || !INLINE_DTYPES.has(t.dtype) || numElements(t.dims) > INLINE_LIMIT) return false;
  // int64 beyond 2^53 would not survive the trip through a JavaScript number.
  return t.dtype !== 'int64' || tensorToNumbers(t).every((v) => Number.isSafeInteger(v));
}

/** The attribute as an expression attribute, or undefined when its type does not fit the op's table. */
export function attrValue(op: string, a: Attribute): AttrValue | undefined {
  const kind = exprOp(op)?.attrs[a.name];
  if (kind === 'dtype' && a.type === 'int') return DTYPES[a.value - 1];
  if ((kind === 'float' || kind === 'int') && (a.type === 'float' || a.type === 'int')) return a.value;
  if (kind === 'string' && a.type === 'string') return a.value;
  return undefined;
}

export function groupExpression(group: ElementwiseGroup, ctx: RewriteContext): GroupExpression {
  const nodes = [...group.nodes].reverse();
  const made = new Map<string, Expr>();
  const inputs: string[] = [];
  const inputIndex = new Map<string, number>();
  const inlined = new Set<string>();
  const argument = (v: string): Expr => {
    const inside = made.get(v);
    if (inside) return inside;
    const t = ctx.constant(v);
    if (inlinable(t)) {
      inlined.add(v);
      return constant(t.dtype, t.dims, Array.from(tensorToNumbers(t)));
    }
    let k = inputIndex.get(v);
    if (k === undefined) {
      k = inputs.length;
      inputs.push(v);
      inputIndex.set(v, k);
    }
    return input(k);
  };
  for (const n of nodes) {
    let last = n.inputs.length;
    while (last > 0 && !n.inputs[last - 1]) last--;
    const attrs: Record<string, AttrValue> = {};
    for (const a of n.attributes) {
      const v = attrValue(n.opType, a);
      if (v !== undefined) attrs[a.name] = v;
    }
    made.set(n.outputs[0]!, call(n.opType, n.inputs.slice(0, last).map(argument), attrs));
  }
  return { ...renumbered(made.get(group.root.outputs[0]!)!, inputs), nodes, inlined: [...inlined] };
}

/** Numbers the inputs in the order the printed expression reads them (x0 first, left to right). */
export function renumbered(expr: Expr, inputs: readonly string[]): { expr: Expr; inputs: string[] } {
  const order: number[] = [];
  const index = new Map<number, number>();
  const seen = new Set<Expr>();
  const visit = (e: Expr) => {
    if (seen.has(e)) return;
    seen.add(e);
    if (e.kind === 'call') e.args.forEach(visit);
    else if (e.kind === 'input' && !index.has(e.index)) index.set(e.index, order.push(e.index) - 1);
  };
  visit(expr);
  const rebuilt = new Map<Expr, Expr>();
  const rebuild = (e: Expr): Expr => {
    if (e.kind === 'input') return input(index.get(e.index)!);
    if (e.kind === 'const') return e;
    let r = rebuilt.get(e);
    if (!r) rebuilt.set(e, (r = call(e.op, e.args.map(rebuild), e.attrs)));
    return r;
  };
  return { expr: rebuild(expr), inputs: order.map((k) => inputs[k]!) };
}

/** FNV-1a over the text, as 8 hex digits: the overload that names an expression's function. */
export function expressionHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
