// Builds the InferContext a rule sees for one node: lookups of its input types and known values in
// the scope, plus the session's services (fresh dims, warnings, subgraph inference).
import type { Graph, Node, ValueType } from '../types.ts';
import { numbersOf } from './known-value.ts';
import type { InferContext, OutputTypes, SubgraphOptions } from './rule.ts';
import type { Scope } from './scope.ts';

export interface ContextServices {
  fresh(): string;
  warn(node: Node, message: string): void;
  inferSubgraph(g: Graph, scope: Scope, inputTypes: readonly (ValueType | undefined)[], options?: SubgraphOptions): OutputTypes;
}

function presentCount(names: readonly string[]): number {
  let k = names.length;
  while (k > 0 && names[k - 1] === '') k--;
  return k;
}

export function makeContext(node: Node, opset: number, scope: Scope, services: ContextServices): InferContext {
  const name = (i: number) => node.inputs[i] ?? '';
  const type = (i: number) => (name(i) ? scope.type(name(i)) : undefined);
  const tensor = (i: number) => {
    const t = type(i);
    return t?.kind === 'tensor' ? t : undefined;
  };
  const value = (i: number) => (name(i) ? scope.value(name(i)) : undefined);
  return {
    node,
    opset,
    inputCount: presentCount(node.inputs),
    outputCount: node.outputs.length,
    has: (i) => name(i) !== '',
    type,
    tensor,
    dtype: (i) => tensor(i)?.dtype,
    shape: (i) => tensor(i)?.shape,
    value,
    valueOf: (n) => scope.value(n),
    ints: (i) => numbersOf(value(i)),
    fresh: services.fresh,
    warn: (message) => services.warn(node, message),
    inferSubgraph: (g, inputTypes, options) => services.inferSubgraph(g, scope, inputTypes, options),
  };
}
