// Loop and Scan have no kernel: control-flow.ts unrolls them when their trip count is known at
// compile time (unroll.ts), and otherwise records why not, which legality shows instead of this.
// These entries only answer for a Loop or Scan that reached legality some other way.
import type { Node } from '../../../ir/types.ts';
import type { OpDef } from '../../op-def.ts';

function refuse(node: Node): string {
  return `${node.opType} is not supported here: Kiln runs a fixed list of kernels and only unrolls a ${node.opType} whose trip count is known at compile time`;
}

export const LOOP_OPS: Record<string, OpDef> = {
  Loop: { kind: 'kernel', check: refuse },
  Scan: { kind: 'kernel', check: refuse },
};
