// The elementwise expression language of kiln.FusedElementwise: a tiny AST that says, for one
// output element, how it is computed from the elements of the inputs x0..xk (with numpy
// broadcasting, as the ONNX ops it came from). The printer, parser, CPU evaluator, ONNX lowering
// (the function body onnxruntime runs) and, later, the WGSL generator all read this one AST.
//
//   mul(add(x0, x1), sigmoid(x0))                 a tree
//   t0 = sub(x0, x1); div(t0, sqrt(mul(t0, t0)))  a DAG: a call object used twice is printed once
//
// A call names its ONNX op type (`Add`); the printed name (`add`) comes from ops.ts.
import type { DType } from '../../../ir/dtype.ts';

/** The k-th external input of the fused group (printed `xk`). */
export interface InputExpr {
  readonly kind: 'input';
  readonly index: number;
}

/** A small constant inlined into the expression (its dims matter: they take part in broadcasting). */
export interface ConstExpr {
  readonly kind: 'const';
  readonly dtype: DType;
  readonly dims: readonly number[];
  /** Element values in row-major order (bool as 0/1). */
  readonly values: readonly number[];
}

/** An attribute of a call: a number, a string, or a dtype name (Cast's `to`). */
export type AttrValue = number | string;

export interface CallExpr {
  readonly kind: 'call';
  /** ONNX op type in the default domain (`Add`, `LeakyRelu`, `Cast`). */
  readonly op: string;
  readonly args: readonly Expr[];
  /** Only attributes that differ from nothing: what the original node carried. */
  readonly attrs: Readonly<Record<string, AttrValue>>;
}

export type Expr = InputExpr | ConstExpr | CallExpr;

export const input = (index: number): InputExpr => ({ kind: 'input', index });

export const constant = (dtype: DType, dims: readonly number[], values: readonly number[]): ConstExpr => ({ kind: 'const', dtype, dims: [...dims], values: [...values] });

export const call = (op: string, args: readonly Expr[], attrs: Readonly<Record<string, AttrValue>> = {}): CallExpr => ({ kind: 'call', op, args: [...args], attrs: { ...attrs } });

/** Call nodes in dependency order (each after its arguments), each once even when shared. */
export function callsInOrder(root: Expr): CallExpr[] {
  const out: CallExpr[] = [];
  const seen = new Set<CallExpr>();
  const visit = (e: Expr) => {
    if (e.kind !== 'call' || seen.has(e)) return;
    seen.add(e);
    for (const a of e.args) visit(a);
    out.push(e);
  };
  visit(root);
  return out;
}

/** How many times each call is used as an argument (the root counts once). */
export function useCounts(root: Expr): Map<CallExpr, number> {
  const uses = new Map<CallExpr, number>();
  if (root.kind === 'call') uses.set(root, 1);
  for (const c of callsInOrder(root)) {
    for (const a of c.args) if (a.kind === 'call') uses.set(a, (uses.get(a) ?? 0) + 1);
  }
  return uses;
}

/** 1 + the highest input index the expression reads (0 when it reads none). */
export function inputCount(root: Expr): number {
  let n = root.kind === 'input' ? root.index + 1 : 0;
  for (const c of callsInOrder(root)) for (const a of c.args) if (a.kind === 'input') n = Math.max(n, a.index + 1);
  return n;
}
