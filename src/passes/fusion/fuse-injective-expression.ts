// Turns an injective group into one expression over moved inputs. Injective members vanish from
// the expression (values pass through them unchanged); each value read from outside the group
// becomes an input xk that carries the steps of its own path (the same tensor read along two
// paths is two inputs). Elementwise members become calls, kiln.FusedElementwise members splice in
// their parsed expression. Constants: a small one read as it is is written into the expression
// (its dims broadcast as in kiln.FusedElementwise); one of a single element anywhere, as a
// scalar; any other constant read through steps stays (or, from inside a fused member's
// expression, becomes) a tensor input, moved by the kernel like the rest.
import { numElements, tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Node, Tensor } from '../../ir/types.ts';
import type { RewriteContext } from '../rewrite/rule.ts';
import { call, constant, input, type AttrValue, type ConstExpr, type Expr } from './expression/ast.ts';
import { attrValue, inlinable, renumbered } from './fuse-elementwise-expression.ts';
import type { InjectiveGroup } from './fuse-injective-groups.ts';
import { dataInputs, type Member } from './injective/members.ts';
import { dimsChain, simplifySteps, type Step } from './injective/steps.ts';
import { indexViews, viewsKey } from './injective/views.ts';

export interface InjectiveInput {
  readonly value: string;
  readonly steps: readonly Step[];
  readonly dims: readonly number[];
}

export interface InjectiveExpression {
  readonly expr: Expr;
  /** What each input xk reads, and how. */
  readonly inputs: readonly InjectiveInput[];
  /** Members in topological order. */
  readonly nodes: readonly Node[];
  /** Constants the group no longer reads as tensors (inlined values, injective ops' shapes and starts). */
  readonly released: readonly string[];
  /** Constants of fused members' expressions that now are tensor inputs. */
  readonly added: readonly Tensor[];
}

const sameDims = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Numpy broadcast of two shapes, or undefined when they do not broadcast. */
function broadcast(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The dims the expression computes: every leaf (an input after its steps, a constant) broadcast together. */
export function expressionDims(expr: Expr, inputs: readonly InjectiveInput[]): number[] | undefined {
  let dims: number[] | undefined = [];
  const seen = new Set<Expr>();
  const visit = (e: Expr) => {
    if (seen.has(e) || !dims) return;
    seen.add(e);
    if (e.kind === 'call') e.args.forEach(visit);
    else if (e.kind === 'const') dims = broadcast(dims, e.dims);
    else {
      const x = inputs[e.index]!;
      const chain = dimsChain(x.dims, x.steps);
      dims = broadcast(dims, chain[chain.length - 1]!);
    }
  };
  visit(expr);
  return dims;
}

export function injectiveExpression(g: InjectiveGroup, members: ReadonlyMap<Node, Member>, ctx: RewriteContext, fresh: (stem: string) => string): InjectiveExpression {
  const nodes = [...g.nodes].reverse();
  const rootDims = ctx.staticShape(g.root.outputs[0]!)!;
  const dims = (v: string) => ctx.staticShape(v)!;
  const made = new Map<string, Expr>();
  const inputs: InjectiveInput[] = [];
  const inputIndex = new Map<string, number>();
  const released = new Set<string>();
  const added: Tensor[] = [];

  const leaf = (value: string, valueDims: readonly number[], raw: readonly Step[]): Expr => {
    const steps = simplifySteps(raw, valueDims);
    const key = `${value}|${viewsKey(indexViews(rootDims, valueDims, steps))}`;
    let k = inputIndex.get(key);
    if (k === undefined) {
      k = inputs.push({ value, steps, dims: valueDims }) - 1;
      inputIndex.set(key, k);
    }
    return input(k);
  };
  /** The steps from an operand of `dims` of member n to the root (see stepsInto in the groups). */
  const operandSteps = (n: Node, operandDims: readonly number[]): Step[] => {
    const path = g.paths.get(n.outputs[0]!)!;
    const m = members.get(n)!;
    if (m.kind === 'injective') return [m.step, ...path];
    if (!path.length || sameDims(operandDims, dims(n.outputs[0]!))) return path;
    return [{ kind: 'expand', dims: dims(n.outputs[0]!) }, ...path];
  };
  const argument = (n: Node, v: string): Expr => {
    const inside = made.get(v);
    if (inside) return inside;
    const steps = operandSteps(n, dims(v));
    const t = ctx.constant(v);
    if (inlinable(t) && (!steps.length || numElements(t.dims) === 1)) {
      released.add(v);
      return constant(t.dtype, steps.length ? [] : t.dims, Array.from(tensorToNumbers(t)));
    }
    return leaf(v, dims(v), steps);
  };
  /** A constant of a fused member's expression, as seen from the root. */
  const moveConstant = (n: Node, c: ConstExpr): Expr => {
    const steps = operandSteps(n, c.dims);
    if (!steps.length) return c;
    if (numElements(c.dims) === 1) return constant(c.dtype, [], c.values);
    const t = tensorFromNumbers(fresh(`${n.id}_constant`), c.dtype, c.dims, c.values);
    added.push(t);
    return leaf(t.name, t.dims, steps);
  };

  for (const n of nodes) {
    const m = members.get(n)!;
    const out = n.outputs[0]!;
    if (m.kind === 'injective') {
      made.set(out, argument(n, n.inputs[0]!));
      for (const p of n.inputs.slice(1)) if (p && ctx.constant(p)) released.add(p);
    } else if (m.kind === 'elementwise') {
      const attrs: Record<string, AttrValue> = {};
      for (const a of n.attributes) {
        const v = attrValue(n.opType, a);
        if (v !== undefined) attrs[a.name] = v;
      }
      made.set(out, call(n.opType, dataInputs(n).map((v) => argument(n, v)), attrs));
    } else {
      // Rebuilt bottom-up with a memo, so a call the member's expression shares stays shared.
      const memo = new Map<Expr, Expr>();
      const splice = (e: Expr): Expr => {
        let r = memo.get(e);
        if (!r) memo.set(e, (r = e.kind === 'input' ? argument(n, n.inputs[e.index]!) : e.kind === 'const' ? moveConstant(n, e) : call(e.op, e.args.map(splice), e.attrs)));
        return r;
      };
      made.set(out, splice(m.expr));
    }
  }
  const keys = inputs.map((_, k) => String(k));
  const numbered = renumbered(made.get(g.root.outputs[0]!)!, keys);
  return { expr: numbered.expr, inputs: numbered.inputs.map((k) => inputs[Number(k)]!), nodes, released: [...released], added };
}
