// Reads the text printExpression writes back into an AST (bindings become shared call objects),
// checking op names, arities, attributes and constant sizes. Bad text is an InputError naming
// the position: `expression: expected ')' at 7 in "add(x0"`.
import { DTYPES, type DType } from '../../../ir/dtype.ts';
import { InputError } from '../../../ir/errors.ts';
import { call, constant, input, type AttrValue, type Expr } from './ast.ts';
import { exprOpByName } from './ops.ts';

type Token = { kind: 'name' | 'number' | 'string' | 'punct'; text: string; at: number };

// Numbers first, so `inf` and `nan` are numbers; names never start with a digit or '-'.
const TOKEN = /\s*(?:(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|-?inf\b|-?nan\b)|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*")|([()[\]{},=;]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(TOKEN);
  let at = 0;
  while (at < text.length) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (at === text.length) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new InputError(`expression: unexpected character at ${at} in ${JSON.stringify(text)}`);
    const value = (m[1] ?? m[2] ?? m[3] ?? m[4])!;
    const kind = m[1] !== undefined ? 'number' : m[2] !== undefined ? 'name' : m[3] !== undefined ? 'string' : 'punct';
    tokens.push({ kind, text: value, at: m.index + m[0].length - value.length });
    at = re.lastIndex;
  }
  return tokens;
}

function parseNumber(s: string): number {
  const t = s.replace(/^-/, '');
  const v = t === 'inf' ? Infinity : t === 'nan' ? NaN : Number(t);
  return s.startsWith('-') ? -v : v;
}

class Parser {
  private pos = 0;
  private readonly lets = new Map<string, Expr>();
  constructor(private readonly text: string, private readonly tokens: Token[]) {}

  private fail(what: string): never {
    const t = this.tokens[this.pos];
    throw new InputError(`expression: ${what} at ${t ? t.at : this.text.length} in ${JSON.stringify(this.text)}`);
  }
  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private eat(text: string): boolean {
    if (this.peek()?.text !== text || this.peek()?.kind === 'string') return false;
    this.pos++;
    return true;
  }
  private expect(text: string): void {
    if (!this.eat(text)) this.fail(`expected '${text}'`);
  }
  private numberList(close: string): number[] {
    const out: number[] = [];
    while (!this.eat(close)) {
      if (out.length) this.expect(',');
      const t = this.peek();
      if (t?.kind !== 'number') this.fail('expected a number');
      out.push(parseNumber(t.text));
      this.pos++;
    }
    return out;
  }

  program(): Expr {
    while (this.peek()?.kind === 'name' && this.peek(1)?.text === '=') {
      const name = this.peek()!.text;
      if (this.lets.has(name) || /^x\d+$/.test(name)) this.fail(`'${name}' is bound twice`);
      this.pos += 2;
      this.lets.set(name, this.expr());
      this.expect(';');
    }
    const e = this.expr();
    if (this.pos < this.tokens.length) this.fail('unexpected text after the expression');
    return e;
  }

  private expr(): Expr {
    const t = this.peek();
    if (!t) this.fail('expected an expression');
    if (t.kind === 'number') {
      this.pos++;
      return constant('float32', [], [parseNumber(t.text)]);
    }
    if (t.text === '[' && t.kind === 'punct') {
      this.pos++;
      const values = this.numberList(']');
      return constant('float32', [values.length], values);
    }
    if (t.kind !== 'name') this.fail('expected an expression');
    this.pos++;
    if (/^x\d+$/.test(t.text)) return input(Number(t.text.slice(1)));
    const bound = this.lets.get(t.text);
    if (bound) return bound;
    if ((DTYPES as readonly string[]).includes(t.text) && this.peek()?.text === '[') return this.tensor(t.text as DType);
    if (this.peek()?.text !== '(') this.fail(`unknown name '${t.text}'`);
    return this.call(t.text);
  }

  private tensor(dtype: DType): Expr {
    this.expect('[');
    const dims = this.numberList(']');
    this.expect('{');
    const values = this.numberList('}');
    const n = dims.reduce((a, b) => a * b, 1);
    if (dims.some((d) => !Number.isInteger(d) || d < 0) || values.length !== n) this.fail(`a ${dtype}[${dims.join(',')}] constant needs ${n} values, not ${values.length}`);
    return constant(dtype, dims, values);
  }

  private call(name: string): Expr {
    const op = exprOpByName(name);
    if (!op) this.fail(`unknown op '${name}'`);
    this.expect('(');
    const args: Expr[] = [];
    const attrs: Record<string, AttrValue> = {};
    while (!this.eat(')')) {
      if (!this.peek()) this.fail("expected ')'");
      if (args.length || Object.keys(attrs).length) this.expect(',');
      if (this.peek()?.kind === 'name' && this.peek(1)?.text === '=') {
        const key = this.peek()!.text;
        const kind = op.attrs[key];
        if (!kind) this.fail(`${name} has no attribute '${key}'`);
        this.pos += 2;
        const v = this.peek();
        if (!v) this.fail('expected an attribute value');
        this.pos++;
        if (kind === 'dtype' && v.kind === 'name' && (DTYPES as readonly string[]).includes(v.text)) attrs[key] = v.text;
        else if (kind === 'string' && v.kind === 'string') attrs[key] = JSON.parse(v.text) as string;
        else if ((kind === 'float' || kind === 'int') && v.kind === 'number') attrs[key] = parseNumber(v.text);
        else this.fail(`attribute '${key}' of ${name} needs a ${kind}`);
        continue;
      }
      if (Object.keys(attrs).length) this.fail('arguments come before attributes');
      args.push(this.expr());
    }
    if (args.length < op.arity[0] || args.length > op.arity[1]) this.fail(`${name} takes ${op.arity[0] === op.arity[1] ? op.arity[0] : `${op.arity[0]} to ${op.arity[1]}`} arguments, not ${args.length}`);
    return call(op.op, args, attrs);
  }
}

export function parseExpression(text: string): Expr {
  return new Parser(text, tokenize(text)).program();
}
