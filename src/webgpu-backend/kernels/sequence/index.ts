// The sequence op families: one file per family in this folder, gathered here. Keys are op types
// of the default domain, or '<domain>.<OpType>' for com.microsoft and kiln ops (see ops.ts).
// If has no entry: control-flow.ts replaces it by its branches before legality and lowering;
// Loop and Scan are unrolled there when they can be (unroll.ts), their entries give the reasons.
import type { OpDef } from '../../op-def.ts';
import { IF_OUTPUT_OPS } from './if-output.ts';
import { LOOP_OPS } from './loop.ts';
import { RECURRENT_OPS } from './recurrent.ts';
import { SCAN_OUTPUT_OPS } from './scan-output.ts';

export const SEQUENCE_OPS: Readonly<Record<string, OpDef>> = {
  ...IF_OUTPUT_OPS,
  ...LOOP_OPS,
  ...RECURRENT_OPS,
  ...SCAN_OUTPUT_OPS,
};
