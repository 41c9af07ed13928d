// Compiles an elementwise expression (src/passes/fusion/expression: the AST of kiln.FusedElementwise)
// to one WGSL function computing an output element from its inputs' elements:
//   fn compute(x0: f32, x1: bool, c0: f32) -> f32 { let t0 = ...; let t1 = ...; return t1; }
// Inputs x0..xk arrive converted to their compute types (scalar-wgsl.ts); constants of one
// element are written as literals, bigger ones become parameters c0..cm (the kernel reads them
// from module-scope arrays at their broadcast offsets). A call used twice is computed once (a
// `let` per call, in dependency order). Each op's WGSL comes from scalar-ops-wgsl.ts.
import { InputError } from '../../../ir/errors.ts';
import { numElements } from '../../../ir/tensor.ts';
import { callsInOrder, type CallExpr, type ConstExpr, type Expr } from '../../../passes/fusion/expression/ast.ts';
import { SCALAR_OPS, type EmitContext } from './scalar-ops-wgsl.ts';
import { helperSource, literal, valueTypeOf, type HelperName, type Value, type ValueType } from './scalar-wgsl.ts';

/** Why the expression cannot compile (a call with no WGSL form), or undefined when it can. */
export function unsupportedCall(expr: Expr): string | undefined {
  const missing = callsInOrder(expr).find((c) => !SCALAR_OPS[c.op]);
  return missing ? `its expression calls ${missing.op}, which has no WGSL form` : undefined;
}

export interface CompiledExpression {
  /** Helper functions and `fn compute(...)`. */
  readonly wgsl: string;
  readonly resultType: ValueType;
  /** Constants with more than one element, in parameter order (c0, c1, ...). */
  readonly arrays: readonly ConstExpr[];
}

/** The compute type of a constant, or an error naming it. */
export function constType(c: ConstExpr): ValueType {
  const t = valueTypeOf(c.dtype);
  if (!t) throw new InputError(`expression: a ${c.dtype} constant has no WGSL form`);
  return t;
}

/** `const C<k> = array<T, n>(...)`: a multi-element constant as a module-scope array. */
function constArray(c: ConstExpr, k: number): string {
  const t = constType(c);
  // Module-scope constants are constant expressions: no run-time infinities (see literal()).
  if (t === 'f32' && c.values.some((v) => !Number.isFinite(Math.fround(v)))) throw new InputError('expression: a constant with several elements holds an infinity or NaN');
  const values = c.values.map((v) => literal(v, t, () => undefined));
  return `const C${k} = array<${t}, ${c.values.length}>(${values.join(', ')});`;
}

interface CompiledCalls {
  readonly helpers: string;
  readonly arrays: readonly ConstExpr[];
  /** `let` lines of every call, each once even when several roots share it. */
  readonly lines: readonly string[];
  /** The parameters of `compute`: the inputs, then the constant arrays' elements. */
  readonly params: readonly string[];
  readonly results: readonly Value[];
}

function compileCalls(roots: readonly Expr[], inputTypes: readonly ValueType[]): CompiledCalls {
  const used = new Set<HelperName>();
  const c: EmitContext = { need: (h) => used.add(h), lit: (x, t) => literal(x, t, (h) => used.add(h)) };
  const arrays: ConstExpr[] = [];
  const names = new Map<CallExpr, Value>();
  const leaf = (e: Expr): Value => {
    if (e.kind === 'input') {
      const type = inputTypes[e.index];
      if (!type) throw new InputError(`expression reads x${e.index} but the node has ${inputTypes.length} input${inputTypes.length === 1 ? '' : 's'}`);
      return { code: `x${e.index}`, type };
    }
    if (e.kind === 'const') {
      const type = constType(e);
      if (numElements(e.dims) === 1) return { code: c.lit(e.values[0]!, type), type };
      let k = arrays.indexOf(e);
      if (k < 0) k = arrays.push(e) - 1;
      return { code: `c${k}`, type };
    }
    const v = names.get(e);
    if (!v) throw new Error('expression: a call was read before it was compiled');
    return v;
  };
  const lines: string[] = [];
  for (const call of roots.flatMap(callsInOrder)) {
    if (names.has(call)) continue;
    const emit = SCALAR_OPS[call.op];
    if (!emit) throw new InputError(`expression: ${call.op} has no WGSL form`);
    const v = emit(call.args.map(leaf), call.attrs, c);
    const k = names.size;
    lines.push(`  let t${k}: ${v.type} = ${v.code};`);
    names.set(call, { code: `t${k}`, type: v.type });
  }
  const results = roots.map(leaf);
  const params = [...inputTypes.map((t, k) => `x${k}: ${t}`), ...arrays.map((a, k) => `c${k}: ${constType(a)}`)];
  return { helpers: helperSource(used), arrays, lines, params, results };
}

export function compileExpression(expr: Expr, inputTypes: readonly ValueType[]): CompiledExpression {
  const { helpers, arrays, lines, params, results } = compileCalls([expr], inputTypes);
  const result = results[0]!;
  const fn = `fn compute(${params.join(', ')}) -> ${result.type} {\n${lines.join('\n')}${lines.length ? '\n' : ''}  return ${result.code};\n}`;
  const arrayDecls = arrays.map((a, k) => constArray(a, k));
  return { wgsl: [helpers, ...arrayDecls, fn].filter(Boolean).join('\n'), resultType: result.type, arrays };
}

export interface CompiledExpressions {
  /** Helper functions, `struct Results { r0: ..., r1: ... }` and `fn compute(...) -> Results`. */
  readonly wgsl: string;
  readonly resultTypes: readonly ValueType[];
  readonly arrays: readonly ConstExpr[];
}

/** Several expressions over the same inputs in one `compute` (kiln.FusedElementwiseMulti): calls they share (the same object) are computed once. */
export function compileExpressions(exprs: readonly Expr[], inputTypes: readonly ValueType[]): CompiledExpressions {
  const { helpers, arrays, lines, params, results } = compileCalls(exprs, inputTypes);
  const struct = `struct Results {\n${results.map((r, j) => `  r${j}: ${r.type},`).join('\n')}\n}`;
  const fn = `fn compute(${params.join(', ')}) -> Results {\n${lines.join('\n')}${lines.length ? '\n' : ''}  return Results(${results.map((r) => r.code).join(', ')});\n}`;
  const arrayDecls = arrays.map((a, k) => constArray(a, k));
  return { wgsl: [helpers, ...arrayDecls, struct, fn].filter(Boolean).join('\n'), resultTypes: results.map((r) => r.type), arrays };
}
