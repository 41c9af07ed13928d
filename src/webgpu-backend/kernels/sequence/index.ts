// The sequence op families: one file per family in this folder, gathered here. Keys are op types
// of the default domain, or '<domain>.<OpType>' for com.microsoft and kiln ops (see ops.ts).
import type { OpDef } from '../../op-def.ts';

export const SEQUENCE_OPS: Readonly<Record<string, OpDef>> = {};
