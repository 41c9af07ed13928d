// A rule is data: a pattern, a check that says yes or says why not, and a rewrite that returns
// its replacement through a builder (it never touches the graph) plus one sentence saying what
// it did, with the numbers involved.
import type { Node, Shape, Tensor, ValueType } from '../../ir/types.ts';
import type { Match } from './match.ts';
import type { OpPattern } from './pattern.ts';
import type { RewriteBuilder } from './builder.ts';

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly nodeId?: string };

export const ok = (): Verdict => ({ ok: true });

/** Declines a match; the reason is shown as a near miss on `node` (the match root by default). */
export const fail = (reason: string, node?: Pick<Node, 'id'>): Verdict => ({ ok: false, reason, ...(node ? { nodeId: node.id } : {}) });

/** What a rule may ask about the graph it runs on. */
export interface RewriteContext {
  /** Default-domain opset the model imports. */
  readonly opset: number;
  readonly irVersion: number;
  producer(value: string): Node | undefined;
  /** Readers of a value in this graph (nodes, and nodes whose subgraphs read it). */
  consumers(value: string): readonly Node[];
  isGraphOutput(value: string): boolean;
  /** The value's tensor when it is a constant (an initializer or a Constant node's output). */
  constant(value: string): Tensor | undefined;
  /** Inferred type (shape inference runs lazily, once per sweep, only when a rule asks). */
  type(value: string): ValueType | undefined;
  shape(value: string): Shape | undefined;
  /** The shape when every dim is a known number. */
  staticShape(value: string): number[] | undefined;
  dtype(value: string): string | undefined;
}

export interface Rule {
  /** `<pass-id>/<rule>`: ids are unique across passes. */
  readonly name: string;
  readonly pattern: OpPattern;
  /**
   * What to do when a matched node other than the root has readers outside the match:
   * 'decline' (the default: fusing would compute it twice) records a near miss; 'keep' leaves
   * that node in place for its other readers and fuses a copy; 'redefine' removes it anyway,
   * because the rewrite gives its outputs a new definition (an extra output of the fused node,
   * like SkipLayerNormalization's sum output).
   */
  readonly sharedIntermediates?: 'decline' | 'keep' | 'redefine';
  check?(m: Match, ctx: RewriteContext): Verdict;
  /** Builds the replacement and returns the explanation sentence. */
  rewrite(m: Match, b: RewriteBuilder, ctx: RewriteContext): string;
}

export function defineRule(rule: Rule): Rule {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(rule.name)) throw new Error(`rule name '${rule.name}' must be <pass-id>/<rule> in kebab case`);
  return rule;
}
