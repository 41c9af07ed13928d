// Ids for nodes a fusion rewrites in place (a Conv that absorbs a BatchNormalization keeps being
// "that Conv"). The id is taken while the old node is still in the model, so the new one gets a
// suffix; rewriting it again must not stack suffixes (p2o.Conv.1_1_1_1), so a suffix a pass added
// is dropped first and the id generator picks the next free one (p2o.Conv.1_2).
import type { Node } from '../../ir/types.ts';

export function rewrittenId(n: Node): string {
  return n.provenance?.length ? n.id.replace(/_\d+$/, '') : n.id;
}
