// Tokens of the ONNX text syntax, read one at a time. `#` starts a comment to the end of the line.
// Strings are double-quoted with onnx's escape (a backslash makes the next character literal) and
// may span lines. A number is digits with at most one '.', then an optional exponent; a leading
// '-' belongs to the number, and `-nan`, `-inf` are numbers too.
import { InputError } from '../errors.ts';
import { isFloatWord } from './names.ts';

export type TokenKind = 'ident' | 'string' | 'int' | 'float' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier or number as written; a string's decoded value; the punctuation itself. */
  readonly text: string;
  readonly line: number;
  readonly col: number;
}

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', '<', '>', ',', ':', '=', '@', '.', '?']);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'end of input';
    case 'string': return `string ${JSON.stringify(t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text)}`;
    case 'ident': return `'${t.text}'`;
    case 'punct': return `'${t.text}'`;
    default: return `number ${t.text}`;
  }
}

export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;

  constructor(private readonly src: string) {}

  private fail(message: string, line = this.line, col = this.pos - this.lineStart + 1): never {
    throw new InputError(`line ${line}:${col}: ${message}`);
  }

  private skipSpaceAndComments(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 10) {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
        this.pos++;
      } else if (c === 35) {
        while (this.pos < s.length && s.charCodeAt(this.pos) !== 10) this.pos++;
      } else {
        return;
      }
    }
  }

  next(): Token {
    this.skipSpaceAndComments();
    const s = this.src;
    const start = this.pos;
    const line = this.line;
    const col = start - this.lineStart + 1;
    const token = (kind: TokenKind, text: string): Token => ({ kind, text, line, col });
    if (start >= s.length) return token('eof', '');
    const c = s.charCodeAt(start);
    if (isAlpha(c)) return token('ident', this.word());
    if (isDigit(c)) return token(...this.number());
    if (c === 45) {
      this.pos++;
      const d = s.charCodeAt(this.pos);
      if (isDigit(d)) {
        const [kind, text] = this.number();
        return token(kind, `-${text}`);
      }
      if (isAlpha(d)) {
        const word = this.word();
        if (isFloatWord(word)) return token('float', `-${word}`);
      }
      return this.fail("expected a number after '-'", line, col);
    }
    if (c === 34) return token('string', this.string(line, col));
    if (s.startsWith('...', start)) {
      this.pos += 3;
      return token('punct', '...');
    }
    if (s.startsWith('=>', start)) {
      this.pos += 2;
      return token('punct', '=>');
    }
    const ch = s[start]!;
    if (PUNCTUATION.has(ch)) {
      this.pos++;
      return token('punct', ch);
    }
    const shown = ch.codePointAt(0)! < 32 ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch;
    return this.fail(`unexpected character '${shown}'`);
  }

  private word(): string {
    const s = this.src;
    const start = this.pos;
    this.pos++;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (!isAlpha(c) && !isDigit(c)) break;
      this.pos++;
    }
    return s.slice(start, this.pos);
  }

  private number(): ['int' | 'float', string] {
    const s = this.src;
    const start = this.pos;
    let kind: 'int' | 'float' = 'int';
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (isDigit(c)) this.pos++;
      // One '.', and not the start of '...'
      else if (c === 46 && kind === 'int' && s.charCodeAt(this.pos + 1) !== 46) {
        kind = 'float';
        this.pos++;
      } else break;
    }
    const e = s.charCodeAt(this.pos);
    if (e === 101 || e === 69) {
      let p = this.pos + 1;
      const sign = s.charCodeAt(p);
      if (sign === 43 || sign === 45) p++;
      if (isDigit(s.charCodeAt(p))) {
        while (isDigit(s.charCodeAt(p))) p++;
        this.pos = p;
        kind = 'float';
      }
    }
    return [kind, s.slice(start, this.pos)];
  }

  private string(line: number, col: number): string {
    const s = this.src;
    let out = '';
    let from = ++this.pos;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 34) {
        out += s.slice(from, this.pos);
        this.pos++;
        return out;
      }
      if (c === 92) {
        out += s.slice(from, this.pos);
        this.pos++;
        from = this.pos;
      }
      if (s.charCodeAt(this.pos) === 10) {
        this.line++;
        this.lineStart = this.pos + 1;
      }
      this.pos++;
    }
    return this.fail('unterminated string (missing closing \'"\')', line, col);
  }
}
