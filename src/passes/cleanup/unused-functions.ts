// Model-local functions nothing calls any more: a fusion that absorbs a fused node (fuse-reduce
// taking a kiln.FusedElementwise, fuse-epilogue taking one after a Conv) leaves the function that
// node called behind. A function is called when a node of the graph, of a subgraph, or of a
// called function's body names its domain, op type and overload.
import { subgraphsOf } from '../../ir/graph.ts';
import type { FunctionDef, Graph, Model, Node } from '../../ir/types.ts';
import { functionKey } from './graph-pass.ts';

const callKey = (n: Node) => functionKey({ domain: n.domain, name: n.opType, overload: n.overload });

/** The model's functions that no node reaches, in model order. */
export function unusedFunctions(model: Model): FunctionDef[] {
  if (!model.functions.length) return [];
  const byKey = new Map(model.functions.map((f) => [functionKey(f), f]));
  const called = new Set<string>();
  const visitNodes = (nodes: readonly Node[]) => {
    for (const n of nodes) {
      const key = callKey(n);
      const f = byKey.get(key);
      if (f && !called.has(key)) {
        called.add(key);
        visitNodes(f.nodes);
      }
      for (const sub of subgraphsOf(n)) visitGraph(sub);
    }
  };
  const visitGraph = (g: Graph) => visitNodes(g.nodes);
  visitGraph(model.graph);
  return model.functions.filter((f) => !called.has(functionKey(f)));
}
