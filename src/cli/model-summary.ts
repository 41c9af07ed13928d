// The facts `kiln inspect` reports about a model, computed from the IR (shared by --json and the
// human-readable form).
import { graphFlops } from '../ir/cost.ts';
import { opHistogram, runtimeInputs, subgraphsOf } from '../ir/graph.ts';
import { inferShapes } from '../ir/infer/infer-shapes.ts';
import { tensorByteLength } from '../ir/tensor.ts';
import type { Dim, Graph, Model, Shape, ValueType } from '../ir/types.ts';

export interface ValueSummary {
  readonly name: string;
  readonly dtype: string | null;
  readonly shape: (number | string)[] | null;
}

export interface ModelSummary {
  readonly nodes: number;
  readonly ops: Record<string, number>;
  readonly inputs: ValueSummary[];
  readonly outputs: ValueSummary[];
  readonly values: { known: number; total: number };
  readonly params: number;
  readonly flops: number;
  /** Symbolic dims that FLOPs were computed at (each set to 1 unless given). */
  readonly flopsAssume: Record<string, number>;
  readonly opsets: Record<string, number>;
  readonly irVersion: number;
  readonly producer: string;
  readonly diagnostics: { severity: string; node?: string; message: string }[];
}

function dimOut(d: Dim): number | string {
  return d === null ? '?' : d;
}

function summarizeValue(name: string, type: ValueType | undefined): ValueSummary {
  if (!type || type.kind !== 'tensor') return { name, dtype: type ? type.kind : null, shape: null };
  return { name, dtype: type.dtype, shape: type.shape ? type.shape.map(dimOut) : null };
}

function isKnown(type: ValueType | undefined): boolean {
  if (!type) return false;
  if (type.kind !== 'tensor') return true;
  return !!type.shape && type.shape.every((d) => d !== null);
}

/** Every named value computed or stored in the model: inputs, initializers, node outputs (subgraphs too). */
function allValueNames(g: Graph, out: Set<string>): Set<string> {
  for (const v of g.inputs) out.add(v.name);
  for (const t of g.initializers) out.add(t.name);
  for (const n of g.nodes) {
    for (const o of n.outputs) if (o) out.add(o);
    for (const sub of subgraphsOf(n)) allValueNames(sub, out);
  }
  return out;
}

function weightBytes(g: Graph): number {
  let total = g.initializers.reduce((s, t) => s + tensorByteLength(t), 0);
  for (const n of g.nodes) {
    for (const a of n.attributes) if (a.type === 'tensor' && n.opType === 'Constant') total += tensorByteLength(a.value);
    for (const sub of subgraphsOf(n)) total += weightBytes(sub);
  }
  return total;
}

function symbolicDims(shapes: Shape[]): string[] {
  return [...new Set(shapes.flatMap((s) => s.filter((d): d is string => typeof d === 'string')))];
}

export function summarizeModel(model: Model, inputShapes: Record<string, Shape> = {}, dims: Record<string, number> = {}): ModelSummary {
  const g = model.graph;
  const { types, diagnostics } = inferShapes(model, { inputShapes });
  const names = allValueNames(g, new Set());
  const known = [...names].filter((n) => isKnown(types.get(n))).length;

  // FLOPs need numbers: re-infer with every symbolic input dim pinned (to 1 unless --dim says).
  const inputs = runtimeInputs(g);
  const declared = inputs.map((v) => inputShapes[v.name] ?? (v.type?.kind === 'tensor' ? v.type.shape : undefined) ?? []);
  const assume: Record<string, number> = {};
  for (const d of symbolicDims(declared)) assume[d] = dims[d] ?? 1;
  const pinned: Record<string, Shape> = {};
  inputs.forEach((v, i) => (pinned[v.name] = declared[i]!.map((d) => (typeof d === 'string' ? assume[d]! : d === null ? 1 : d))));
  const flops = graphFlops(g, Object.keys(assume).length ? inferShapes(model, { inputShapes: pinned }).types : types);

  return {
    nodes: g.nodes.length,
    ops: opHistogram(g),
    inputs: inputs.map((v) => summarizeValue(v.name, types.get(v.name) ?? v.type)),
    outputs: g.outputs.map((v) => summarizeValue(v.name, types.get(v.name) ?? v.type)),
    values: { known, total: names.size },
    params: weightBytes(g),
    flops,
    flopsAssume: assume,
    opsets: Object.fromEntries(model.opsetImports.map((o) => [o.domain || 'ai.onnx', o.version])),
    irVersion: model.irVersion,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    diagnostics: diagnostics.map((d) => ({ severity: d.severity, ...(d.nodeId ? { node: d.nodeId } : {}), message: d.message })),
  };
}
