// Which elementwise siblings merge: nodes that read one non-constant value, each computable as
// an expression (a kiln.FusedElementwise, or a lone elementwise op), with the same output shape
// and no path between any two of them. No path matters: a kernel that computed both A and a B
// reading A's result would need B's input before it had produced it. Groups are picked greedily
// per shared value, in graph order; after each merge the group counts as one node, so a later
// group never closes a cycle through an earlier one.
import { attrString } from '../../ir/attributes.ts';
import type { Node, Shape } from '../../ir/types.ts';
import type { RewriteContext } from '../rewrite/rule.ts';
import { listOf } from '../support/describe.ts';
import type { Expr } from './expression/ast.ts';
import { FUSED_ELEMENTWISE_DOMAIN, FUSED_ELEMENTWISE_OP } from './expression/lower.ts';
import { parseExpression } from './expression/parse.ts';
import { groupExpression } from './fuse-elementwise-expression.ts';
import { unfusableReason } from './fuse-elementwise-groups.ts';

/**
 * The most tensors (inputs and outputs) one merged kernel binds: WebGPU's default
 * maxStorageBuffersPerShaderStage, so a merge never makes a kernel some adapter cannot run.
 */
export const MAX_SIBLING_BUFFERS = 8;

/** A node seen as one expression over its own inputs (xk = inputs[k]). */
export interface Sibling {
  readonly node: Node;
  readonly expr: Expr;
  readonly inputs: readonly string[];
  /** Constants its expression has inlined (from a lone op: their nodes may become unread). */
  readonly inlined: readonly string[];
}

export interface SiblingGroup {
  /** The value every member reads. */
  readonly shared: string;
  /** Members in graph order. */
  readonly members: readonly Sibling[];
}

export interface SiblingMiss {
  readonly node: Node;
  readonly reason: string;
}

export const label = (n: Node) => `${n.opType} ${n.id}`;

/** The node as an expression, or undefined when it is not elementwise. */
export function asSibling(n: Node, ctx: RewriteContext): Sibling | undefined {
  if (n.domain === FUSED_ELEMENTWISE_DOMAIN && n.opType === FUSED_ELEMENTWISE_OP && n.outputs.length === 1) {
    const text = attrString(n, 'expression');
    if (text === undefined) return undefined;
    try {
      return { node: n, expr: parseExpression(text), inputs: n.inputs, inlined: [] };
    } catch {
      return undefined;
    }
  }
  if (unfusableReason(n)) return undefined;
  const { expr, inputs, inlined } = groupExpression({ root: n, nodes: [n] }, ctx);
  return { node: n, expr, inputs, inlined };
}

const known = (s: Shape | undefined): s is Shape => !!s && s.every((d) => d !== null && d !== '');
const printShape = (s: Shape | undefined) => (known(s) ? `[${s.join(', ')}]` : 'unknown');

/** Groups of two or more siblings, and why a sibling of a group stayed out of it. */
export function findSiblingGroups(order: readonly Node[], ctx: RewriteContext): { groups: SiblingGroup[]; misses: SiblingMiss[] } {
  const position = new Map(order.map((n, i) => [n, i]));
  const siblings = new Map<Node, Sibling | undefined>();
  const siblingOf = (n: Node) => {
    if (!siblings.has(n)) siblings.set(n, asSibling(n, ctx));
    return siblings.get(n);
  };
  const groupOf = new Map<Node, readonly Node[]>();
  const groups: SiblingGroup[] = [];
  const misses: SiblingMiss[] = [];
  /** Whether a path leads from any of `from` to any of `to`, merged groups counted as one node. */
  const reaches = (from: readonly Node[], to: ReadonlySet<Node>): boolean => {
    const seen = new Set<Node>();
    const stack = [...from];
    while (stack.length) {
      const n = stack.pop()!;
      for (const m of groupOf.get(n) ?? [n]) {
        for (const o of m.outputs) {
          for (const r of o ? ctx.consumers(o) : []) {
            if (to.has(r)) return true;
            if (!seen.has(r)) (seen.add(r), stack.push(r));
          }
        }
      }
    }
    return false;
  };
  const shared = new Set<string>();
  for (const n of order) for (const v of n.inputs) if (v && !ctx.constant(v)) shared.add(v);
  for (const v of shared) {
    const readers = [...new Set(ctx.consumers(v))].filter((r) => position.has(r) && !groupOf.has(r) && siblingOf(r));
    if (readers.length < 2) continue;
    readers.sort((a, b) => position.get(a)! - position.get(b)!);
    const buckets = new Map<string, Node[]>();
    for (const r of readers) {
      const shape = ctx.shape(r.outputs[0]!);
      if (!known(shape)) {
        misses.push({ node: r, reason: `${label(r)} reads ${v} like its siblings, but its output shape is unknown` });
        continue;
      }
      const key = JSON.stringify(shape);
      buckets.set(key, [...(buckets.get(key) ?? []), r]);
    }
    for (const bucket of buckets.values()) {
      const members: Node[] = [];
      const inputs = new Set<string>();
      for (const r of bucket) {
        const own = siblingOf(r)!.inputs;
        // Pairwise, with earlier groups contracted: a path through one of them counts too.
        const other = members.find((m) => reaches([m], new Set([r])) || reaches([r], new Set([m])));
        if (other) {
          misses.push({ node: r, reason: `${label(r)} and ${label(other)} both read ${v}, but one depends on the other: one kernel cannot compute both` });
        } else if (new Set([...inputs, ...own]).size + members.length + 1 > MAX_SIBLING_BUFFERS) {
          misses.push({ node: r, reason: `left ${label(r)} out: with it the merged kernel reading ${v} would bind more than ${MAX_SIBLING_BUFFERS} tensors (inputs and outputs), WebGPU's default limit per kernel` });
        } else {
          members.push(r);
          for (const i of own) inputs.add(i);
        }
      }
      if (members.length < 2) continue;
      for (const m of members) groupOf.set(m, members);
      groups.push({ shared: v, members: members.map((m) => siblingOf(m)!) });
    }
    if (buckets.size > 1) {
      // Name a reader of another shape, one that merged when there is one.
      const shapeKey = (n: Node) => JSON.stringify(ctx.shape(n.outputs[0]!));
      for (const r of readers) {
        if (groupOf.has(r) || !known(ctx.shape(r.outputs[0]!))) continue;
        const others = readers.filter((o) => known(ctx.shape(o.outputs[0]!)) && shapeKey(o) !== shapeKey(r));
        const other = others.find((o) => groupOf.has(o)) ?? others[0];
        if (!other) continue;
        misses.push({ node: r, reason: `${label(r)} reads ${v} like ${label(other)}, but its output shape ${printShape(ctx.shape(r.outputs[0]!))} differs from ${printShape(ctx.shape(other.outputs[0]!))}` });
      }
    }
  }
  return { groups, misses: dedupe(misses) };
}

/** One reason per node: the first found. */
function dedupe(misses: readonly SiblingMiss[]): SiblingMiss[] {
  const seen = new Set<Node>();
  return misses.filter((m) => !seen.has(m.node) && (seen.add(m.node), true));
}

export const describeMembers = (g: SiblingGroup) => listOf(g.members.map((m) => label(m.node)), 4);
