// Model variants that make a numeric check meaningful. A check compares outputs by rel L2; an
// output squashed flat by its last op says nothing about the graph before it:
// - PaddleOCR-det ends in a Sigmoid that random inputs drive to ~0 (max ~1e-6, 97% exact zeros),
//   where rel L2 measures float rounding of exp() rather than whether a rewrite is right
//   (absolute errors there are ~1e-7);
// - the light classic CNNs (constant weights) end in a Softmax over 1000 equal logits, so the
//   output is exactly 1/1000 everywhere whatever the graph before it computed.
// The variant drops that final op and outputs its input (the logits) instead.
import { indexGraph } from '../../ir/graph.ts';
import type { Model } from '../../ir/types.ts';

const isDefault = (domain: string) => domain === '' || domain === 'ai.onnx';

/**
 * The model with every graph output that an `opType` node computes (and nothing else reads)
 * replaced by that node's first input, and the node removed. Undefined when no output ends so.
 */
export function withoutFinalOp(model: Model, opType: 'Sigmoid' | 'Softmax'): Model | undefined {
  const g = model.graph;
  const { producer, consumers } = indexGraph(g);
  const outputNames = new Set(g.outputs.map((o) => o.name));
  const dropped = new Set<string>();
  const outputs = g.outputs.map((o) => {
    const p = producer.get(o.name);
    const input = p?.inputs[0];
    if (!p || p.opType !== opType || !isDefault(p.domain) || !input) return o;
    if ((consumers.get(o.name) ?? []).length || outputNames.has(input) || !producer.has(input)) return o;
    dropped.add(p.id);
    return { ...o, name: input };
  });
  if (!dropped.size) return undefined;
  return { ...model, graph: { ...g, outputs, nodes: g.nodes.filter((n) => !dropped.has(n.id)) } };
}

/** PaddleOCR-det's check variant: the logits before its final Sigmoid are the graph output. */
export const withoutFinalSigmoid = (model: Model): Model | undefined => withoutFinalOp(model, 'Sigmoid');
