// The figures the compare view (and `kiln compare`) put side by side for each pipeline's result.
import { tensorByteLength } from '../../ir/tensor.ts';
import { inferShapes } from '../../ir/infer/infer-shapes.ts';
import type { Graph, Model, Shape } from '../../ir/types.ts';
import { countFusedKernels } from './fused-kernels.ts';
import { isConstantNode, memoryTrafficBytes, peakActivationBytes, ValueSizes } from './memory.ts';

export interface ModelMetrics {
  /** Top-level nodes of the graph. */
  readonly nodes: number;
  /** See fused-kernels.ts. */
  readonly fusedKernels: number;
  /** Initializers plus the tensors of Constant nodes. */
  readonly weightBytes: number;
  /** Bytes read and written by every node (estimate from inferred static shapes). */
  readonly memoryTrafficBytes: number;
  /** Peak of live activation bytes over the topological order (estimate). */
  readonly peakActivationBytes: number;
  /** Values whose shape was not static, counted as 0 bytes: a non-zero count makes the memory figures lower bounds. */
  readonly unsizedValues: number;
}

export interface PipelineMetrics extends ModelMetrics {
  /** optimized.nodes − original.nodes. */
  readonly nodeDelta: number;
  readonly weightBytesDelta: number;
}

export interface MetricsOptions {
  /** Concrete shapes for graph inputs (symbolic dims otherwise leave values unsized). */
  readonly inputShapes?: Readonly<Record<string, Shape>>;
}

export function weightBytes(g: Graph): number {
  let total = 0;
  for (const t of g.initializers) total += tensorByteLength(t);
  for (const n of g.nodes) {
    if (!isConstantNode(n)) continue;
    const a = n.attributes.find((x) => x.name === 'value');
    if (a?.type === 'tensor') total += tensorByteLength(a.value);
  }
  return total;
}

export function modelMetrics(model: Model, options: MetricsOptions = {}): ModelMetrics {
  const known = new Set(model.graph.inputs.map((v) => v.name));
  const inputShapes = Object.fromEntries(Object.entries(options.inputShapes ?? {}).filter(([name]) => known.has(name)));
  const { types } = inferShapes(model, { inputShapes });
  const sizes = new ValueSizes(types);
  const g = model.graph;
  return {
    nodes: g.nodes.length,
    fusedKernels: countFusedKernels(g),
    weightBytes: weightBytes(g),
    memoryTrafficBytes: memoryTrafficBytes(g, sizes),
    peakActivationBytes: peakActivationBytes(g, sizes),
    unsizedValues: sizes.unsized.size,
  };
}

/** Metrics of `optimized`, with its node and weight deltas against `original`. */
export function pipelineMetrics(original: Model, optimized: Model, options: MetricsOptions = {}): PipelineMetrics {
  const after = modelMetrics(optimized, options);
  return {
    ...after,
    nodeDelta: after.nodes - original.graph.nodes.length,
    weightBytesDelta: after.weightBytes - weightBytes(original.graph),
  };
}
