// The constants of a graph (the main graph or an If/Loop/Scan body) as quantization sees them:
// constant initializers and Constant node values, plus the words for why a weight is *not* a
// constant (near misses).
import { evaluateNode } from '../../ir/eval/evaluate.ts';
import { indexGraph } from '../../ir/graph.ts';
import type { Graph, Model, Node, Tensor } from '../../ir/types.ts';
import { constantInitializers, defaultOpset, isDefaultDomain } from '../support/constant-values.ts';

export interface ConstantValue {
  readonly tensor: Tensor;
  /** The Constant node that produces it; undefined for an initializer. */
  readonly node?: Node;
}

/** Every constant of the main graph by value name. */
export function mainGraphConstants(model: Model): Map<string, ConstantValue> {
  return graphConstants(model, model.graph, true);
}

/** Every constant of graph `g` of the model by value name (a body's initializers are all constants). */
export function graphConstants(model: Model, g: Graph, isMain: boolean): Map<string, ConstantValue> {
  const out = new Map<string, ConstantValue>();
  for (const t of constantInitializers(g, model.irVersion, isMain)) out.set(t.name, { tensor: t });
  const opset = defaultOpset(model) ?? 1;
  for (const n of g.nodes) {
    if (n.opType !== 'Constant' || !isDefaultDomain(n) || !n.outputs[0]) continue;
    try {
      const t = evaluateNode(n, [], opset)[0];
      if (t && t.data.kind === 'raw') out.set(n.outputs[0], { tensor: { ...t, name: n.outputs[0] }, node: n });
    } catch {
      // sparse or string constants are never weights
    }
  }
  return out;
}

/**
 * Why `value` is not a constant, in words: computed from constants only (fold-constants would make
 * it one), materialized by ConstantOfShape (the light CNNs store weights so), or computed at run time.
 */
export function whyNotConstant(g: Graph, value: string, constants: ReadonlyMap<string, ConstantValue>): string {
  const { producer } = indexGraph(g);
  const p = producer.get(value);
  if (!p) return `${value} is a graph input, known only at run time`;
  if (p.opType === 'ConstantOfShape') {
    return `${value} is materialized at run time by ConstantOfShape ${p.id} (one repeated value stored in a few bytes); quantizing it would make the model larger, not smaller`;
  }
  return constantDerived(g, value, constants, new Set())
    ? `${value} is computed from constants by ${p.opType} ${p.id}; run fold-constants first to make it a weight`
    : `${value} is computed at run time by ${p.opType} ${p.id}`;
}

function constantDerived(g: Graph, value: string, constants: ReadonlyMap<string, ConstantValue>, seen: Set<string>): boolean {
  if (constants.has(value)) return true;
  if (seen.has(value) || seen.size > 64) return false;
  seen.add(value);
  const p = indexGraph(g).producer.get(value);
  if (!p || p.opType === 'ConstantOfShape') return false;
  return p.inputs.every((i) => !i || constantDerived(g, i, constants, seen));
}
