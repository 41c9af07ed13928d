// Test support: inference options from a bundled model's manifest entry, and the value names a
// graph produces (top level only, or with every If/Loop/Scan body).
import { subgraphsOf } from '../../graph.ts';
import { tensorFromNumbers } from '../../tensor.ts';
import type { Graph, Model, Tensor, ValueType } from '../../types.ts';
import type { ManifestEntry } from '../../../models/manifest.ts';
import type { InferOptions } from '../infer-shapes.ts';

/** The manifest's input shapes as overrides, and its fixed input values (silero's sample rate). */
export function manifestOptions(model: Model, entry: ManifestEntry | undefined): InferOptions {
  const inputShapes: Record<string, readonly number[]> = {};
  const inputValues: Record<string, Tensor> = {};
  for (const i of entry?.inputs ?? []) {
    inputShapes[i.name] = i.shape;
    const declared = model.graph.inputs.find((v) => v.name === i.name)?.type;
    if (i.values && declared?.kind === 'tensor') inputValues[i.name] = tensorFromNumbers(i.name, declared.dtype, i.shape, i.values);
  }
  return { inputShapes, inputValues };
}

/** Outputs of the graph's own nodes (not of nodes inside bodies), in node order. */
export function producedValues(g: Graph): string[] {
  return g.nodes.flatMap((n) => n.outputs.filter((o) => o !== ''));
}

/** Outputs of every node, bodies of If/Loop/Scan included. */
export function allProducedValues(g: Graph): string[] {
  return g.nodes.flatMap((n) => [...n.outputs.filter((o) => o !== ''), ...subgraphsOf(n).flatMap(allProducedValues)]);
}

/** Whether a type is a tensor with a known dtype and only numeric dims. */
export function isFullyStatic(t: ValueType | undefined): boolean {
  return t?.kind === 'tensor' && t.shape !== undefined && t.shape.every((d) => typeof d === 'number');
}
