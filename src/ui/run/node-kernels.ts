// What the compiled plan does with each node of the graph: runs it in one or more kernels (alone
// or fused), evaluated it at compile time, made it a view of another buffer, or wrote it in place.
// Pure: the heatmap, the inspector and the WGSL pane all read it.
import type { KernelPlan } from '../../webgpu-backend/compile.ts';

export type NodeRole =
  | { readonly kind: 'kernel'; readonly kernels: readonly number[] }
  | { readonly kind: 'folded' }
  | { readonly kind: 'constant' }
  | { readonly kind: 'view' }
  | { readonly kind: 'in-place' }
  | { readonly kind: 'absent' };

export type NodeRoles = ReadonlyMap<string, NodeRole>;

/** A graph, or the brief of one another worker planned (only ids, op types and outputs are read). */
export interface PlannedGraph {
  readonly nodes: readonly { readonly id: string; readonly opType: string; readonly outputs: readonly string[] }[];
}

const cache = new WeakMap<KernelPlan, WeakMap<PlannedGraph, NodeRoles>>();

export function nodeRoles(graph: PlannedGraph, plan: KernelPlan): NodeRoles {
  let byGraph = cache.get(plan);
  if (!byGraph) cache.set(plan, (byGraph = new WeakMap()));
  let roles = byGraph.get(graph);
  if (!roles) byGraph.set(graph, (roles = computeRoles(graph, plan)));
  return roles;
}

function computeRoles(graph: PlannedGraph, plan: KernelPlan): NodeRoles {
  const kernelsOf = new Map<string, number[]>();
  plan.kernels.forEach((k, i) => {
    for (const id of k.nodeIds) kernelsOf.set(id, [...(kernelsOf.get(id) ?? []), i]);
  });
  const folded = new Set(plan.foldedNodes);
  const roles = new Map<string, NodeRole>();
  for (const n of graph.nodes) {
    const kernels = kernelsOf.get(n.id);
    let role: NodeRole;
    if (kernels) role = { kind: 'kernel', kernels };
    else if (n.opType === 'Constant') role = { kind: 'constant' };
    else if (folded.has(n.id)) role = { kind: 'folded' };
    else if (n.outputs.some((o) => o && Object.hasOwn(plan.aliases, o))) role = { kind: 'view' };
    else if (n.opType === 'Concat') role = { kind: 'in-place' };
    else role = { kind: 'absent' };
    roles.set(n.id, role);
  }
  return roles;
}

/** One phrase per role that runs no kernel (for the inspector, the WGSL pane and node titles). */
export function describeRole(role: NodeRole): string {
  switch (role.kind) {
    case 'kernel':
      return role.kernels.length === 1 ? 'runs in 1 kernel' : `runs in ${role.kernels.length} kernels`;
    case 'folded':
      return 'folded at compile time: evaluated once on the CPU, its output is a constant';
    case 'constant':
      return 'a constant: uploaded once as a weight';
    case 'view':
      return 'a view: its output reads its input’s buffer, no kernel runs';
    case 'in-place':
      return 'written in place: its inputs’ producers write straight into its output';
    case 'absent':
      return 'not in the plan: nothing the outputs need reads it';
  }
}
