// Rules whose pattern cannot say everything (a Reshape is an identity only when its target equals
// the input's shape, which needs inferred types) decline most nodes they look at for plain
// reasons: this Reshape does change the shape. Those are not near misses, and listing hundreds of
// them would bury the ones that are ("the shape is not static, so it cannot be proven"). A check
// marks such a decline `routine(...)`; the pass wrapped by `withoutRoutineDeclines` drops them.
import type { Pass } from '../pass.ts';
import { fail, type Verdict } from '../rewrite/rule.ts';

const ROUTINE = '\u0000routine\u0000';

/** Declines without a near miss: the node is plainly not what the rule looks for. */
export const routine = (reason: string): Verdict => fail(`${ROUTINE}${reason}`);

export function withoutRoutineDeclines(pass: Pass): Pass {
  return {
    ...pass,
    run(model, ctx) {
      const r = pass.run(model, ctx);
      const nearMisses = r.changes.nearMisses.filter((m) => !m.reason.startsWith(ROUTINE));
      return nearMisses.length === r.changes.nearMisses.length ? r : { ...r, changes: { ...r.changes, nearMisses } };
    },
  };
}
