// Ids for nodes a fusion rewrites in place (a Conv that absorbs a BatchNormalization keeps being
// "that Conv"): the old node's id. The editor frees a removed node's id (NodeIds.release), so the
// replacement takes it unchanged however many passes rewrite it, and diffs pair the two.
import type { Node } from '../../ir/types.ts';

export function rewrittenId(n: Node): string {
  return n.id;
}
