// Which nodes fuse into one kiln.FusedInjective. As in fuse-elementwise-groups.ts, the graph is
// walked backwards (readers before producers): a member candidate (members.ts) joins its readers'
// group when all of them are in that one group and nothing else reads it, so every group has one
// output (its root's), every member reaches the root inside it, and no group closes a cycle.
//
// What is new is the path: each member's output reaches the root through the steps of the
// injective ops on the way (an elementwise reader adds the broadcast of its operand once an
// injective op further out moves it). A member read twice must be read through the same index
// map, compared by its views (views.ts); otherwise the kernel would have to compute it once per
// map, and it stays out. A group reads at most MAX_GROUP_READS tensors: with its output, WebGPU's
// default of 8 storage buffers per kernel.
import type { Node } from '../../ir/types.ts';
import type { RewriteContext } from '../rewrite/rule.ts';
import { isDefaultDomain } from '../support/constant-values.ts';
import { listOf } from '../support/describe.ts';
import { MAX_GROUP_OPS } from './fuse-elementwise-groups.ts';
import { classify, dataInputs, INJECTIVE_OPS, isSmallConstant, label, VIEW_OPS, type Member } from './injective/members.ts';
import { printIndexMap, type Step } from './injective/steps.ts';
import { indexViews, viewsKey } from './injective/views.ts';

export const MAX_GROUP_READS = 7;

export interface InjectiveGroup {
  readonly root: Node;
  /** Members, readers before producers; the root first. */
  readonly nodes: Node[];
  /** Steps from each member's output to the root's output (empty: read as it is, broadcast). */
  readonly paths: Map<string, Step[]>;
  /** Values read from outside the group, besides small constants. */
  reads: Set<string>;
}

export interface InjectiveDecline {
  readonly node: Node;
  readonly reason: string;
  /** The group it was kept out of, when the decline matters only if that group is fused. */
  readonly group?: InjectiveGroup;
}

export interface InjectiveGroups {
  readonly groups: InjectiveGroup[];
  readonly declined: InjectiveDecline[];
  readonly members: ReadonlyMap<Node, Member>;
}

const sameDims = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Kernels the members run unfused: injective ops that are views run none. */
export function kernelCount(g: InjectiveGroup): number {
  return g.nodes.filter((n) => !(VIEW_OPS.has(n.opType) && isDefaultDomain(n))).length;
}

/** Worth a kernel of its own: two or more ops, one of them injective, and at least one kernel saved. */
export function isWorthFusing(g: InjectiveGroup, members: ReadonlyMap<Node, Member>): boolean {
  return g.nodes.length > 1 && g.nodes.some((n) => members.get(n)?.kind === 'injective') && kernelCount(g) > 1;
}

export function findInjectiveGroups(order: readonly Node[], ctx: RewriteContext): InjectiveGroups {
  const members = new Map<Node, Member>();
  const groupOf = new Map<Node, InjectiveGroup>();
  const groups: InjectiveGroup[] = [];
  const declined: InjectiveDecline[] = [];
  const dims = (v: string) => ctx.staticShape(v)!;

  /** The steps from reader r's input slot i to the root, or undefined when that slot is a parameter (a shape, starts). */
  const stepsInto = (r: Node, i: number, g: InjectiveGroup): Step[] | undefined => {
    const m = members.get(r)!;
    const path = g.paths.get(r.outputs[0]!)!;
    if (m.kind === 'injective') return i === 0 ? [m.step, ...path] : undefined;
    // Plain reads broadcast to the output by themselves; only a moved read spells its broadcast out.
    if (!path.length || sameDims(dims(r.inputs[i]!), dims(r.outputs[0]!))) return path;
    return [{ kind: 'expand', dims: dims(r.outputs[0]!) }, ...path];
  };

  /** Adds n to g, or says why not. */
  const join = (n: Node, g: InjectiveGroup): string | undefined => {
    if (g.nodes.length >= MAX_GROUP_OPS) return `its readers' fused group already has ${MAX_GROUP_OPS} ops, the most one kernel takes`;
    const out = n.outputs[0]!;
    const rootDims = dims(g.root.outputs[0]!);
    const paths: { steps: Step[]; key: string; by: Node }[] = [];
    for (const r of ctx.consumers(out)) {
      for (let i = 0; i < r.inputs.length; i++) {
        if (r.inputs[i] !== out) continue;
        const steps = stepsInto(r, i, g);
        if (!steps) return `${label(r)} reads it as a parameter, not as data`;
        paths.push({ steps, key: viewsKey(indexViews(rootDims, dims(out), steps)), by: r });
      }
    }
    const other = paths.find((p) => p.key !== paths[0]!.key);
    if (other) {
      const text = (s: Step[]) => printIndexMap(s, dims(out)) || 'as it is';
      return `it is read along two paths with different index maps (${text(paths[0]!.steps)} by ${label(paths[0]!.by)}, ${text(other.steps)} by ${label(other.by)}); fusing it would compute it twice`;
    }
    const reads = new Set(g.reads);
    reads.delete(out);
    for (const v of dataInputs(n)) if (v && !isSmallConstant(v, ctx)) reads.add(v);
    if (reads.size > MAX_GROUP_READS) return `its readers' fused group would read ${reads.size} tensors, more than the ${MAX_GROUP_READS} one kernel binds`;
    g.nodes.push(n);
    g.paths.set(out, paths[0]!.steps);
    g.reads = reads;
    groupOf.set(n, g);
    return undefined;
  };

  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    const m = classify(n, ctx);
    if (!m) continue;
    const out = n.outputs[0];
    const readers = out ? ctx.consumers(out) : [];
    const readerGroups = new Set(readers.map((r) => groupOf.get(r)));
    const near = [...readerGroups].find((g) => g !== undefined);
    // An injective op's refusal is always worth a word (it is what this pass is about); an
    // elementwise op's only when the group it was kept from is fused after all.
    const injective = INJECTIVE_OPS.has(n.opType) && isDefaultDomain(n);
    const decline = (reason: string) => declined.push({ node: n, reason, ...(injective ? {} : { group: near }) });
    if ('reason' in m) {
      const p = n.inputs[0] ? ctx.producer(n.inputs[0]) : undefined;
      const beside = [...readers, ...(p ? [p] : [])].some((o) => classify(o, ctx) !== undefined);
      if (injective ? beside : near) decline(m.reason);
      continue;
    }
    members.set(n, m);
    const only = readerGroups.size === 1 ? near : undefined;
    if (only && !ctx.isGraphOutput(out!)) {
      const why = join(n, only);
      if (!why) continue;
      decline(`kept ${label(n)} out of its readers' fused group: ${why}`);
    } else if (near) {
      const others = readers.filter((r) => !groupOf.has(r)).map(label);
      const where = [...(ctx.isGraphOutput(out!) ? [`it is graph output ${out}`] : []), ...(others.length ? [`${listOf(others, 3)} (not fusable) also read${others.length === 1 ? 's' : ''} it`] : [])];
      const split = readerGroups.size - (readerGroups.has(undefined) ? 1 : 0) > 1 ? [`its readers end up in different groups`] : [];
      decline(`kept ${label(n)} out of its readers' fused group: ${[...where, ...split].join('; ')}; fusing it would compute it twice`);
    }
    const group: InjectiveGroup = { root: n, nodes: [n], paths: new Map([[out!, []]]), reads: new Set(dataInputs(n).filter((v) => v && !isSmallConstant(v, ctx))) };
    groups.push(group);
    groupOf.set(n, group);
  }
  return { groups, declined, members };
}
