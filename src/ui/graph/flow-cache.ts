// One React Flow graph per model object (models are immutable), so stepping back and forth never
// maps a graph twice and its layout (cached per flow graph) is found again.
import type { Model } from '../../ir/types.ts';
import { modelFacts } from '../store/selectors.ts';
import { graphToFlow, type FlowGraph } from './to-flow.ts';

const flows = new WeakMap<Model, FlowGraph>();

export function flowOf(model: Model): FlowGraph {
  let flow = flows.get(model);
  if (!flow) {
    const facts = modelFacts(model);
    flow = graphToFlow(model.graph, { types: facts.inference.types, unknown: facts.unknown });
    flows.set(model, flow);
  }
  return flow;
}
