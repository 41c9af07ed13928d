// The pass interface: a pass is a pure function from a model to a model plus a record of what it
// changed and why. Nothing is mutated; unchanged nodes and weights are shared with the input.
import type { Model } from '../ir/types.ts';

/** One rewrite, in words, with the node ids it matched and the node ids it produced. */
export interface Explanation {
  /** `<pass-id>/<rule>`, e.g. `fold-constants/evaluate`. */
  readonly rule: string;
  readonly message: string;
  readonly matched: readonly string[];
  readonly produced: readonly string[];
}

/** A rule that looked at a node and declined, with its reason ("why wasn't this fused?"). */
export interface NearMiss {
  readonly rule: string;
  /** The node declined; '' when the decision is about a value that no node produces (see `value`). */
  readonly nodeId: string;
  readonly reason: string;
  /** The graph input or initializer the decision is about, when it is not a node. */
  readonly value?: string;
}

export interface ChangeRecord {
  /** Node ids present before and gone after. */
  readonly removed: readonly string[];
  /** Node ids new in the result (each records its provenance on the node). */
  readonly added: readonly string[];
  /** Node ids kept whose inputs now read different values. */
  readonly rewired: readonly string[];
  /** Initializers added and removed, by name. */
  readonly initializersAdded: readonly string[];
  readonly initializersRemoved: readonly string[];
  readonly explanations: readonly Explanation[];
  readonly nearMisses: readonly NearMiss[];
}

export interface PassContext {
  /** Trace sink for timing and debugging; passes never read global flags. */
  readonly log?: (message: string) => void;
}

export interface PassResult {
  readonly model: Model;
  readonly changes: ChangeRecord;
}

export interface Pass {
  /** Equals the file name (`fold-constants`). */
  readonly id: string;
  readonly title: string;
  /** One sentence for the pass list. */
  readonly description: string;
  run(model: Model, ctx?: PassContext): PassResult;
}

export function changed(c: ChangeRecord): boolean {
  return c.removed.length + c.added.length + c.rewired.length + c.initializersAdded.length + c.initializersRemoved.length > 0;
}

export const NO_CHANGES: ChangeRecord = {
  removed: [],
  added: [],
  rewired: [],
  initializersAdded: [],
  initializersRemoved: [],
  explanations: [],
  nearMisses: [],
};
