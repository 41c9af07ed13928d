// Which elementwise nodes fuse together. Walking the graph backwards (readers before producers),
// a fusable node joins the group of its readers when all of them are in one group and nothing
// else (a graph output, a subgraph) reads it; otherwise it starts a group of its own, as that
// group's root. So every group has one output (its root's) and every member reaches the root
// inside the group: if a group read a value that depends on its own output, the root would
// depend on itself, and the graph would already have had a cycle. Groups never create cycles.
import { attrInt } from '../../ir/attributes.ts';
import { DTYPES } from '../../ir/dtype.ts';
import type { Node } from '../../ir/types.ts';
import type { RewriteContext } from '../rewrite/rule.ts';
import { listOf } from '../support/describe.ts';
import { isDefaultDomain } from '../support/constant-values.ts';
import { exprOp } from './expression/ops.ts';
import { attrValue } from './fuse-elementwise-expression.ts';

/** The most ops one group takes: a generated kernel stays small enough to compile and read. */
export const MAX_GROUP_OPS = 64;

export interface ElementwiseGroup {
  readonly root: Node;
  /** Members, readers before producers (reverse topological order); the root first. */
  readonly nodes: Node[];
}

export interface Declined {
  readonly node: Node;
  readonly reason: string;
}

const label = (n: Node) => `${n.opType} ${n.id}`;

/** Why an elementwise-looking node cannot be part of an expression, or undefined when it can. */
export function unfusableReason(n: Node): string | undefined {
  const op = exprOp(n.opType);
  if (!op || !isDefaultDomain(n)) return 'not elementwise';
  if (n.outputs.length !== 1 || !n.outputs[0]) return `${n.opType} with ${n.outputs.length} outputs`;
  const unknown = n.attributes.find((a) => attrValue(n.opType, a) === undefined);
  if (unknown) return `its ${unknown.type} attribute '${unknown.name}' has no place in an elementwise expression`;
  if (n.opType === 'Cast' && !['float32', 'float64', 'float16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'bool'].includes(DTYPES[attrInt(n, 'to', 1) - 1] ?? '')) {
    return `Cast to ${DTYPES[attrInt(n, 'to', 1) - 1] ?? 'an unknown type'} is not a numeric conversion`;
  }
  let last = n.inputs.length;
  while (last > 0 && !n.inputs[last - 1]) last--;
  if (n.inputs.slice(0, last).some((i) => !i)) return 'it omits an optional input before a given one';
  if (last < op.arity[0] || last > op.arity[1]) return `${last} inputs`;
  return undefined;
}

export function findGroups(order: readonly Node[], ctx: RewriteContext): { groups: ElementwiseGroup[]; declined: Declined[] } {
  const groupOf = new Map<Node, ElementwiseGroup>();
  const groups: ElementwiseGroup[] = [];
  const declined: Declined[] = [];
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    const why = unfusableReason(n);
    if (why) {
      if (exprOp(n.opType) && isDefaultDomain(n)) declined.push({ node: n, reason: why });
      continue;
    }
    const out = n.outputs[0]!;
    const readers = ctx.consumers(out);
    const readerGroups = new Set(readers.map((r) => groupOf.get(r)));
    const only = readerGroups.size === 1 ? [...readerGroups][0] : undefined;
    if (only && !ctx.isGraphOutput(out) && only.nodes.length < MAX_GROUP_OPS) {
      only.nodes.push(n);
      groupOf.set(n, only);
      continue;
    }
    const group: ElementwiseGroup = { root: n, nodes: [n] };
    groups.push(group);
    groupOf.set(n, group);
    if (only && !ctx.isGraphOutput(out)) {
      declined.push({ node: n, reason: `kept ${label(n)} out of its readers' fused group: that group already has ${MAX_GROUP_OPS} ops, the most one fused kernel takes` });
      continue;
    }
    // Say why when a reader would have taken it: the value is needed outside that group too.
    if (readerGroups.size > (readerGroups.has(undefined) ? 1 : 0)) {
      const others = readers.filter((r) => !groupOf.has(r)).map(label);
      const where = [...(ctx.isGraphOutput(out) ? [`it is graph output ${out}`] : []), ...(others.length ? [`${listOf(others, 3)} (not fusable) also read${others.length === 1 ? 's' : ''} it`] : [])];
      const split = readerGroups.size - (readerGroups.has(undefined) ? 1 : 0) > 1 ? [`its readers ${listOf(readers.filter((r) => groupOf.has(r)).map(label), 3)} end up in different groups`] : [];
      declined.push({ node: n, reason: `kept ${label(n)} out of its readers' fused group: ${[...where, ...split].join('; ')}; fusing it would compute it twice` });
    }
  }
  return { groups, declined };
}
