// The Monarch grammar, run by a small stand-in for Monaco's tokenizer (first matching rule wins,
// a rule matches at the current position), covers printed models without 'invalid' tokens and
// marks what it should.
import { describe, expect, it } from 'vitest';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { onnxTextMonarch as grammar } from './monarch.ts';
import { printModel } from './print.ts';

interface Span {
  readonly text: string;
  readonly token: string;
}

function tokenName(action: unknown, text: string): string {
  if (typeof action === 'string') {
    if (action === '@brackets') return grammar.brackets.find((b) => b.open === text || b.close === text)?.token ?? 'invalid';
    return action;
  }
  const cases = (action as { cases?: Record<string, string> }).cases;
  if (cases) {
    for (const [key, token] of Object.entries(cases)) {
      const list = key.startsWith('@') ? (grammar as unknown as Record<string, string[]>)[key.slice(1)] : undefined;
      if (list?.includes(text)) return token;
    }
    return cases['@default'] ?? 'invalid';
  }
  return (action as { token: string }).token;
}

function tokenize(text: string): Span[] {
  const spans: Span[] = [];
  const stack = ['root'];
  for (const line of text.split('\n')) {
    let pos = 0;
    while (pos < line.length) {
      const rules = grammar.tokenizer[stack[stack.length - 1]!]!;
      let matched = false;
      for (const [regex, action] of rules) {
        const sticky = new RegExp(regex.source, `${regex.flags}y`);
        sticky.lastIndex = pos;
        const m = sticky.exec(line);
        if (!m || !m[0]) continue;
        if (Array.isArray(action)) action.forEach((token, g) => m[g + 1] && spans.push({ text: m[g + 1]!, token }));
        else spans.push({ text: m[0], token: tokenName(action, m[0]) });
        const next = typeof action === 'object' && !Array.isArray(action) && 'next' in action ? action.next : undefined;
        if (next === '@pop') stack.pop();
        else if (next) stack.push(next.slice(1));
        pos += m[0].length;
        matched = true;
        break;
      }
      if (!matched) spans.push({ text: line[pos++]!, token: 'invalid' });
    }
  }
  return spans;
}

describe('Monarch grammar', () => {
  it('tokenizes printed models without invalid tokens', () => {
    for (const id of ['mlp', 'silero-vad']) {
      const spans = tokenize(printModel(loadModel(bundledModels().find((c) => c.id === id)!.path)));
      expect(spans.filter((s) => s.token === 'invalid')).toEqual([]);
    }
  });

  it('marks operators, types, names, numbers, strings, references and comments', () => {
    const spans = tokenize('  ["fc1/MatMul"] y = com.microsoft.Fused <alpha = -1.5e-3, n = @p, t = float16[2] w ...> (x, "w.0")  # note');
    const tokenOf = (text: string) => spans.find((s) => s.text === text)?.token;
    expect(tokenOf('com.microsoft.Fused')).toBe('function');
    expect(tokenOf('float16')).toBe('type');
    expect(tokenOf('-1.5e-3')).toBe('number.float');
    expect(tokenOf('@p')).toBe('variable');
    expect(tokenOf('...')).toBe('keyword.elided');
    expect(tokenOf('fc1/MatMul')).toBe('string');
    expect(tokenOf('# note')).toBe('comment');
    expect(tokenOf('y')).toBe('identifier');
  });
});
