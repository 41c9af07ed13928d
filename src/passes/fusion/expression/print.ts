// Writes an expression as text: `add(mul(x0, 0.5), x1)`. A call used more than once is bound
// first (`t0 = sub(x0, x1); div(t0, sqrt(mul(t0, t0)))`), so the text has exactly one call per
// op the fused group ran. Constants: a float32 scalar is a bare number, a float32 vector is
// `[1, 2, 3]`, anything else spells its dtype and dims: `float32[1,3,1,1]{0.1, 0.2, 0.3}`.
import { callsInOrder, useCounts, type CallExpr, type ConstExpr, type Expr } from './ast.ts';
import { exprOp } from './ops.ts';

/** The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612). */
export function formatFloat32(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Object.is(x, -0)) return '-0';
  const f = Math.fround(x);
  for (let p = 1; p < 10; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return String(s);
  }
  return String(f);
}

function formatNumber(x: number, dtype: string): string {
  if (dtype === 'float32' || dtype === 'float16' || dtype === 'bfloat16') return formatFloat32(x);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Object.is(x, -0) ? '-0' : String(x);
}

export function printConst(c: ConstExpr): string {
  const values = c.values.map((v) => formatNumber(v, c.dtype));
  if (c.dtype === 'float32' && c.dims.length === 0) return values[0]!;
  if (c.dtype === 'float32' && c.dims.length === 1) return `[${values.join(', ')}]`;
  return `${c.dtype}[${c.dims.join(',')}]{${values.join(', ')}}`;
}

function printAttr(op: string, key: string, value: number | string): string {
  const kind = exprOp(op)?.attrs[key];
  if (typeof value === 'string') return kind === 'dtype' ? `${key}=${value}` : `${key}=${JSON.stringify(value)}`;
  return `${key}=${kind === 'float' ? formatFloat32(value) : String(value)}`;
}

export function printExpression(root: Expr): string {
  const uses = useCounts(root);
  const names = new Map<CallExpr, string>();
  const lets: string[] = [];
  const print = (e: Expr, top = false): string => {
    if (e.kind === 'input') return `x${e.index}`;
    if (e.kind === 'const') return printConst(e);
    const bound = names.get(e);
    if (bound && !top) return bound;
    const name = exprOp(e.op)?.name ?? e.op;
    const attrs = Object.keys(e.attrs).sort().map((k) => printAttr(e.op, k, e.attrs[k]!));
    return `${name}(${[...e.args.map((a) => print(a)), ...attrs].join(', ')})`;
  };
  for (const c of callsInOrder(root)) {
    if (c === root || (uses.get(c) ?? 0) < 2) continue;
    const name = `t${names.size}`;
    lets.push(`${name} = ${print(c, true)}`);
    names.set(c, name);
  }
  return [...lets, print(root, true)].join('; ');
}
