// The parser's view of the token stream: one token of lookahead, and errors that say where
// (`line 3:14`), what was expected and what was found instead.
import { InputError } from '../errors.ts';
import { describeToken, Lexer, type Token } from './lexer.ts';

export class Cursor {
  private readonly lexer: Lexer;
  private current: Token;

  constructor(text: string) {
    this.lexer = new Lexer(text);
    this.current = this.lexer.next();
  }

  get token(): Token {
    return this.current;
  }

  advance(): Token {
    const t = this.current;
    this.current = this.lexer.next();
    return t;
  }

  isPunct(p: string): boolean {
    return this.current.kind === 'punct' && this.current.text === p;
  }

  isIdent(word?: string): boolean {
    return this.current.kind === 'ident' && (word === undefined || this.current.text === word);
  }

  atEnd(): boolean {
    return this.current.kind === 'eof';
  }

  accept(p: string): boolean {
    if (!this.isPunct(p)) return false;
    this.advance();
    return true;
  }

  fail(message: string, at: Token = this.current): never {
    throw new InputError(`line ${at.line}:${at.col}: ${message}`);
  }

  /** Throws "expected <what> <context>, found <token>". */
  expected(what: string, context = ''): never {
    return this.fail(`expected ${what}${context ? ` ${context}` : ''}, found ${describeToken(this.current)}`);
  }

  expect(p: string, context = ''): Token {
    if (!this.isPunct(p)) this.expected(`'${p}'`, context);
    return this.advance();
  }

  /** A name: an identifier or a quoted string. */
  name(context = ''): string {
    const t = this.current;
    if (t.kind !== 'ident' && t.kind !== 'string') this.expected('a name', context);
    this.advance();
    return t.text;
  }

  identifier(context = ''): string {
    if (this.current.kind !== 'ident') this.expected('an identifier', context);
    return this.advance().text;
  }

  string(context = ''): string {
    if (this.current.kind !== 'string') this.expected('a quoted string', context);
    return this.advance().text;
  }

  integer(context = ''): number {
    if (this.current.kind !== 'int') this.expected('an integer', context);
    return Number(this.advance().text);
  }
}
