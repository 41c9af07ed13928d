// Removing a node that passes its input through unchanged: its readers read the input instead.
// The graph editor keeps graph output names stable by renaming the input's producer's output, so
// this works only when the input is made by a node of the same graph; a graph input (or an
// initializer, or a value from an enclosing graph) copied to a graph output needs the node.
import type { Node } from '../../ir/types.ts';
import type { RewriteBuilder } from '../rewrite/builder.ts';
import { fail, ok, type RewriteContext, type Verdict } from '../rewrite/rule.ts';

/** Whether `node`'s first output can be replaced by `x` everywhere. */
export function canForward(node: Node, x: string, ctx: RewriteContext): Verdict {
  const out = node.outputs[0]!;
  if (!ctx.isGraphOutput(out)) return ok();
  if (ctx.isGraphOutput(x)) return fail(`${out} and ${x} are both graph outputs; one must stay a copy of the other`);
  if (!ctx.producer(x)) return fail(`graph output ${out} would become ${x}, which no node of this graph computes (a graph input, initializer or outer value); ONNX needs a node between them`);
  return ok();
}

/** Readers of `node`'s output read `x`; returns the sentence ending every explanation. */
export function forward(node: Node, x: string, b: RewriteBuilder): string {
  b.replace(node.outputs[0]!, x);
  return `readers of ${node.outputs[0]} now read ${x}`;
}
