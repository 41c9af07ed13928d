// Before IR version 4 every initializer had to be listed as a graph input as well; a layout pass
// that adds initializers (reordered weights, permuted constants) to such a model lists them too.
import type { Model } from '../../ir/types.ts';

export function withInitializersListedAsInputs(before: Model, after: Model): Model {
  if (after.irVersion >= 4 || after.graph === before.graph) return after;
  const g = after.graph;
  const listed = new Set(g.inputs.map((v) => v.name));
  const missing = g.initializers.filter((t) => !listed.has(t.name));
  if (!missing.length) return after;
  const inputs = [...g.inputs, ...missing.map((t) => ({ name: t.name, type: { kind: 'tensor' as const, dtype: t.dtype, shape: t.dims } }))];
  return { ...after, graph: { ...g, inputs } };
}
