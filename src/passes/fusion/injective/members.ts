// What each node can be inside a kiln.FusedInjective group: an elementwise op, a
// kiln.FusedElementwise (its expression already parsed), or an injective op seen as one step of
// an index map (steps.ts). Shapes must be static: an index map is coordinate arithmetic on known
// dims. Slice needs its starts, ends, axes and steps known; Reshape, Flatten, Squeeze, Unsqueeze
// and Expand need only their static output dims (whatever computed the shape, the dims say where
// every element goes).
import { attrInts, attrString } from '../../../ir/attributes.ts';
import { numElements, tensorToNumbers } from '../../../ir/tensor.ts';
import type { Node } from '../../../ir/types.ts';
import type { RewriteContext } from '../../rewrite/rule.ts';
import { formatShape } from '../../support/describe.ts';
import { isDefaultDomain } from '../../support/constant-values.ts';
import type { Expr } from '../expression/ast.ts';
import { FUSED_ELEMENTWISE_DOMAIN, FUSED_ELEMENTWISE_OP } from '../expression/lower.ts';
import { exprOp } from '../expression/ops.ts';
import { parseExpression } from '../expression/parse.ts';
import { INLINE_LIMIT } from '../fuse-elementwise-expression.ts';
import { unfusableReason } from '../fuse-elementwise-groups.ts';
import type { Step } from './steps.ts';

/** The injective ops the pass takes (TVM's kInjective among ONNX ops with a static index map). */
export const INJECTIVE_OPS: ReadonlySet<string> = new Set(['Transpose', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Slice', 'Expand']);

/** Injective ops Kiln's backend runs as views of their input's buffer: no kernel, so fusing one saves none. */
export const VIEW_OPS: ReadonlySet<string> = new Set(['Reshape', 'Flatten', 'Squeeze', 'Unsqueeze']);

export type Member = { readonly kind: 'elementwise' } | { readonly kind: 'fused'; readonly expr: Expr } | { readonly kind: 'injective'; readonly step: Step };

export const label = (n: Node): string => `${n.domain ? `${n.domain}.` : ''}${n.opType} ${n.id}`;

export const isFusedElementwise = (n: Node): boolean => n.domain === FUSED_ELEMENTWISE_DOMAIN && n.opType === FUSED_ELEMENTWISE_OP;

/** Inputs that carry data (not an injective op's shape or starts), trailing omitted ones dropped. */
export function dataInputs(n: Node): string[] {
  if (INJECTIVE_OPS.has(n.opType)) return [n.inputs[0]!];
  let last = n.inputs.length;
  while (last > 0 && !n.inputs[last - 1]) last--;
  return n.inputs.slice(0, last);
}

/** Whether a value would be written into the expression rather than bound as a tensor. */
export function isSmallConstant(v: string, ctx: RewriteContext): boolean {
  const t = ctx.constant(v);
  return !!t && numElements(t.dims) <= INLINE_LIMIT;
}

/** Slice as a step: starts, steps and counts per axis of `dims`, clamped as ONNX does. */
function sliceStep(n: Node, dims: readonly number[], outDims: readonly number[], ctx: RewriteContext): Step | string {
  let starts: readonly number[] | undefined, ends: readonly number[] | undefined, axes: readonly number[] | undefined, steps: readonly number[] | undefined;
  if (ctx.opset < 10) {
    [starts, ends, axes] = [attrInts(n, 'starts'), attrInts(n, 'ends'), attrInts(n, 'axes')];
  } else {
    const values = [1, 2, 3, 4].map((i) => (n.inputs[i] ? ctx.constant(n.inputs[i]) : undefined)).map((t) => (t ? [...tensorToNumbers(t)] : undefined));
    [starts, ends, axes, steps] = values;
  }
  if (!starts || !ends) return 'it has no starts or ends';
  axes ??= starts.map((_, i) => i);
  steps ??= starts.map(() => 1);
  const first = dims.map(() => 0);
  const by = dims.map(() => 1);
  const count = [...dims];
  for (let i = 0; i < starts.length; i++) {
    const a = axes[i]! < 0 ? axes[i]! + dims.length : axes[i]!;
    const size = dims[a];
    const s = steps[i] ?? 1;
    if (size === undefined || s === 0) return `its axis ${axes[i]} or step ${s} does not fit a rank-${dims.length} input`;
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v < 0 ? v + size : v));
    const [lo, hi] = s > 0 ? [0, size] : [-1, size - 1];
    first[a] = clamp(starts[i]!, lo, hi);
    by[a] = s;
    count[a] = Math.max(0, Math.ceil((clamp(ends[i] ?? 0, lo, hi) - first[a]!) / s));
  }
  if (count.join() !== outDims.join()) return `its parameters give ${formatShape(count)}, not the inferred ${formatShape(outDims)}`;
  return { kind: 'slice', starts: first, steps: by, dims: count };
}

/** Why a Slice's parameters are not known before it runs (its output dims do not say where elements come from). */
function runtimeSliceParameter(n: Node, ctx: RewriteContext): string | undefined {
  if (n.opType !== 'Slice' || ctx.opset < 10) return undefined;
  const names = ['starts', 'ends', 'axes', 'steps'];
  const k = [1, 2, 3, 4].find((i) => n.inputs[i] && !ctx.constant(n.inputs[i]));
  return k === undefined ? undefined : `its ${names[k - 1]} (${n.inputs[k]}) are computed at run time`;
}

/** The node as a group member, the reason it cannot be one, or undefined when it is no candidate at all. */
export function classify(n: Node, ctx: RewriteContext): Member | { readonly reason: string } | undefined {
  const fused = isFusedElementwise(n);
  const injective = isDefaultDomain(n) && INJECTIVE_OPS.has(n.opType);
  if (!fused && !injective && !(isDefaultDomain(n) && exprOp(n.opType))) return undefined;
  if (n.outputs.length !== 1 || !n.outputs[0]) return { reason: `${n.opType} with ${n.outputs.length} outputs` };
  if (!fused && !injective) {
    const why = unfusableReason(n);
    if (why) return { reason: why };
  }
  const runtime = injective ? runtimeSliceParameter(n, ctx) : undefined;
  if (runtime) return { reason: runtime };
  const out = n.outputs[0];
  const outDims = ctx.staticShape(out);
  if (!outDims) return { reason: `its output ${out} has no static shape (${formatShape(ctx.shape(out) ?? ['?'])})` };
  if (numElements(outDims) === 0) return { reason: `its output ${out} is empty ${formatShape(outDims)}` };
  for (const v of dataInputs(n)) {
    if (v && !ctx.staticShape(v)) return { reason: `its input ${v} has no static shape (${formatShape(ctx.shape(v) ?? ['?'])})` };
  }
  if (fused) {
    try {
      return { kind: 'fused', expr: parseExpression(attrString(n, 'expression') ?? '') };
    } catch (e) {
      return { reason: (e as Error).message };
    }
  }
  if (!injective) return { kind: 'elementwise' };
  const inDims = ctx.staticShape(n.inputs[0]!)!;
  switch (n.opType) {
    case 'Transpose': {
      const perm = attrInts(n, 'perm') ?? inDims.map((_, d) => inDims.length - 1 - d);
      return { kind: 'injective', step: { kind: 'transpose', perm: [...perm] } };
    }
    case 'Slice': {
      const step = sliceStep(n, inDims, outDims, ctx);
      return typeof step === 'string' ? { reason: step } : { kind: 'injective', step };
    }
    case 'Expand':
      return { kind: 'injective', step: { kind: 'expand', dims: outDims } };
    default:
      return { kind: 'injective', step: { kind: 'reshape', dims: outDims } };
  }
}
