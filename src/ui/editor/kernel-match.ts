// The same node's kernel under another pipeline. Nodes are matched through provenance (the
// original nodes each node came from), so a node fused by one pipeline still finds its kernel in
// a pipeline that left it alone, and the pane can say when the grouping differs.
import { correspondingNodes, type Origins } from '../../passes/metrics/index.ts';
import type { KernelInfo } from '../../webgpu-backend/compile.ts';
import type { PipelinePlanResult } from '../../workers/protocol.ts';
import { describeRole, nodeRoles, type NodeRole } from '../run/node-kernels.ts';

export type OtherKernel =
  | {
      readonly kind: 'kernels';
      /** The other plan's kernels computing the node (several when it split or the node was fused differently). */
      readonly kernels: readonly KernelInfo[];
      /** Whether the first kernel computes the same original nodes as the shown kernel. */
      readonly sameGroup: boolean;
      /** One sentence on how the grouping differs (empty when it does not). */
      readonly note: string;
    }
  | { readonly kind: 'none'; readonly role: Exclude<NodeRole['kind'], 'kernel'>; readonly note: string }
  | { readonly kind: 'removed'; readonly note: string };

const originsMap = new WeakMap<PipelinePlanResult, Origins>();

function otherOrigins(other: PipelinePlanResult): Origins {
  let map = originsMap.get(other);
  if (!map) originsMap.set(other, (map = new Map(Object.entries(other.origins))));
  return map;
}

function originsOf(ids: readonly string[], origins: Origins): Set<string> {
  return new Set(ids.flatMap((id) => origins.get(id) ?? [id]));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function list(ids: Iterable<string>): string {
  const all = [...ids];
  const shown = all.slice(0, 4).map((id) => `'${id}'`).join(', ');
  return all.length > 4 ? `${shown} and ${all.length - 4} more` : shown;
}

export function matchOtherKernel(nodeId: string, shownKernel: KernelInfo | undefined, shownOrigins: Origins, other: PipelinePlanResult, preset: string): OtherKernel {
  const theirs = otherOrigins(other);
  const matched = correspondingNodes([nodeId], shownOrigins, theirs);
  if (matched.length === 0) return { kind: 'removed', note: `The '${preset}' pipeline removed this node (folded into a constant or eliminated): it runs no kernel there.` };
  const wanted = new Set(matched);
  const kernels = other.plan.kernels.filter((k) => k.nodeIds.some((id) => wanted.has(id)));
  if (kernels.length === 0) {
    const roles = nodeRoles(other, other.plan);
    const role = matched.map((id) => roles.get(id)).find((r) => r && r.kind !== 'kernel') ?? { kind: 'absent' as const };
    const kind = role.kind === 'kernel' ? 'absent' : role.kind;
    return { kind: 'none', role: kind, note: `Under '${preset}' this node is ${describeRole({ kind })}.` };
  }
  const first = kernels[0]!;
  const mine = originsOf(shownKernel?.nodeIds ?? [nodeId], shownOrigins);
  const there = originsOf(first.nodeIds, theirs);
  const sameGroup = sameSet(mine, there);
  let note = '';
  if (!sameGroup) {
    const extra = [...there].filter((o) => !mine.has(o));
    const missing = [...mine].filter((o) => !there.has(o));
    if (extra.length && !missing.length) note = `The '${preset}' pipeline fused this node into a different kernel: '${first.id}' also computes ${list(extra)}.`;
    else if (missing.length && !extra.length) note = `The '${preset}' pipeline splits this kernel: '${first.id}' computes only part of it (not ${list(missing)}).`;
    else note = `The '${preset}' pipeline groups these nodes differently: '${first.id}' computes ${list(there)}.`;
  }
  if (kernels.length > 1) note = `${note} It runs in ${kernels.length} kernels there.`.trim();
  return { kind: 'kernels', kernels, sameGroup, note };
}
