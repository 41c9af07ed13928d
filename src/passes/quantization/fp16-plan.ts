// to-fp16's decision, before any edit: which nodes compute in float16, which stay float32 and why.
// A node is involved when it reads or writes a float32 value; it converts unless a reason below
// keeps it. Values read inside If/Loop/Scan bodies must stay float32, so their producers stay too.
import { getAttribute } from '../../ir/attributes.ts';
import { indexGraph, outerScopeReads, subgraphsOf } from '../../ir/graph.ts';
import type { Graph, Node, ValueType } from '../../ir/types.ts';
import { isDefaultDomain } from '../support/constant-values.ts';
import type { ConstantValue } from './constants.ts';
import { ANY_PRECISION_INPUTS, FIXED_DTYPE_OPS, FLOAT32_INPUTS } from './fp16-ops.ts';
import { FLOAT16_MAX, fp16Range } from './fp16-tensor.ts';

export type KeepKind = 'block-list' | 'subgraph' | 'domain' | 'out-of-range' | 'unknown-type' | 'fixed-dtype';

export interface Kept {
  readonly kind: KeepKind;
  readonly reason: string;
}

export interface Fp16Plan {
  /** Ids of nodes that compute in float16. */
  readonly converted: ReadonlySet<string>;
  /** Involved nodes kept in float32, by id. */
  readonly kept: ReadonlyMap<string, Kept>;
  /** Values some subgraph reads from this graph: they must exist in float32 under their name. */
  readonly subgraphReads: ReadonlySet<string>;
}

export interface PlanInput {
  readonly graph: Graph;
  readonly types: ReadonlyMap<string, ValueType>;
  readonly constants: ReadonlyMap<string, ConstantValue>;
  readonly blockList: ReadonlyMap<string, string>;
  readonly clamp: boolean;
  /** Calibrated activation ranges: ops that read or write values beyond ±65504 stay float32. */
  readonly activationRanges?: Readonly<Record<string, { readonly min: number; readonly max: number }>>;
}

export type Precision = 'fp16' | 'fp32' | 'any';

const isFloat32 = (t: ValueType | undefined) => t?.kind === 'tensor' && t.dtype === 'float32';

/** The precision a converted node wants at input `i` (fp16 unless its op says otherwise). */
export function convertedInputPrecision(n: Node, i: number): Precision {
  if (FLOAT32_INPUTS[n.opType]?.includes(i)) return 'fp32';
  if (ANY_PRECISION_INPUTS[n.opType]?.includes(i)) return 'any';
  return 'fp16';
}

function keepReason(n: Node, p: PlanInput): Kept | undefined {
  if (subgraphsOf(n).length) return { kind: 'subgraph', reason: `${n.opType} bodies are not converted; its inputs are cast back to float32` };
  if (!isDefaultDomain(n)) return { kind: 'domain', reason: `ops of domain '${n.domain}' are not converted: their float16 support is unknown` };
  const blocked = p.blockList.get(n.opType);
  if (blocked !== undefined) return { kind: 'block-list', reason: `block list: ${blocked}` };
  if (FIXED_DTYPE_OPS.has(n.opType)) return { kind: 'fixed-dtype', reason: `its output dtype is fixed by an attribute` };
  if (n.opType === 'LayerNormalization' && n.outputs.slice(1).some((o) => o)) return { kind: 'fixed-dtype', reason: 'its Mean/InvStdDev outputs stay float32' };
  const unknown = [...n.inputs, ...n.outputs].find((v) => v && !p.types.get(v));
  if (unknown) return { kind: 'unknown-type', reason: `the type of ${unknown} is unknown` };
  const value = n.opType === 'ConstantOfShape' ? getAttribute(n, 'value') : undefined;
  if (value?.type === 'tensor' && value.value.dtype === 'float32' && !p.clamp && fp16Range(value.value).overflow) {
    return { kind: 'out-of-range', reason: `its fill value is beyond float16's ±${FLOAT16_MAX}` };
  }
  for (const v of [...n.inputs, ...n.outputs]) {
    const r = v ? p.activationRanges?.[v] : undefined;
    const top = r ? Math.max(-r.min, r.max) : 0;
    if (top > FLOAT16_MAX) return { kind: 'out-of-range', reason: `${v} reached ${top.toPrecision(3)} on the calibration samples, beyond float16's ±${FLOAT16_MAX}` };
  }
  if (p.clamp) return undefined;
  for (const [i, v] of n.inputs.entries()) {
    const c = v ? p.constants.get(v) : undefined;
    if (!c || c.tensor.dtype !== 'float32' || convertedInputPrecision(n, i) !== 'fp16') continue;
    const r = fp16Range(c.tensor);
    if (r.overflow) return { kind: 'out-of-range', reason: `constant ${v} holds ${r.overflow} value${r.overflow === 1 ? '' : 's'} beyond float16's ±${FLOAT16_MAX} (up to ${r.maxAbs.toPrecision(3)}); set outOfRange: 'clamp' to clamp them` };
  }
  return undefined;
}

export function planFp16(p: PlanInput): Fp16Plan {
  const g = p.graph;
  const converted = new Set<string>();
  const kept = new Map<string, Kept>();
  const subgraphReads = new Set<string>();
  for (const n of g.nodes) for (const sub of subgraphsOf(n)) for (const v of outerScopeReads(sub)) subgraphReads.add(v);
  for (const n of g.nodes) {
    if (n.opType === 'Constant' && isDefaultDomain(n)) continue;
    const involved = [...n.inputs, ...n.outputs].some((v) => v && isFloat32(p.types.get(v)));
    if (!involved) continue;
    const reason = keepReason(n, p);
    if (reason) kept.set(n.id, reason);
    else converted.add(n.id);
  }
  // A value read inside a body keeps its float32 name: its producer stays float32.
  const { producer } = indexGraph(g);
  for (const v of subgraphReads) {
    const n = producer.get(v);
    if (n && converted.has(n.id) && isFloat32(p.types.get(v))) {
      converted.delete(n.id);
      kept.set(n.id, { kind: 'subgraph', reason: `its output ${v} is read inside an If/Loop/Scan body, which stays float32` });
    }
  }
  return { converted, kept, subgraphReads };
}
