// What counts as a fused kernel when pipelines are compared: a node in a domain that exists for
// fused ops (onnxruntime's com.microsoft contrib ops, Kiln's own `kiln` ops), or any node a pass
// made from more than one node (its provenance names two or more).
import type { Graph, Node } from '../../ir/types.ts';

/** Domains whose ops are fused kernels by construction. */
export const FUSED_DOMAINS: ReadonlySet<string> = new Set(['com.microsoft', 'kiln']);

export function isFusedKernel(node: Pick<Node, 'domain' | 'provenance'>): boolean {
  return FUSED_DOMAINS.has(node.domain) || (node.provenance?.length ?? 0) > 1;
}

/** Fused kernels among the graph's top-level nodes. */
export function countFusedKernels(g: Graph): number {
  let n = 0;
  for (const node of g.nodes) if (isFusedKernel(node)) n++;
  return n;
}
