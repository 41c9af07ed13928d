// Transposes that need no runtime work: of a constant (store the constant permuted), of a
// ConstantOfShape with a constant shape (the same op with the shape permuted: its output is
// uniform), or moving only size-1 axes (a Reshape: the elements keep their order).
import { isInputError } from '../../ir/errors.ts';
import { tensorFromNumbers, tensorToNumbers } from '../../ir/tensor.ts';
import type { Dim } from '../../ir/types.ts';
import type { Explanation } from '../pass.ts';
import { describeTensor, formatShape } from '../support/describe.ts';
import { formatPerm, movesOnlyUnitDims, permuteDims, permuteTensor } from './perm.ts';
import { transposePerm } from './sink-inputs.ts';
import type { WNode, WorkGraph } from './work-graph.ts';

export const SINK_RULES = {
  push: 'sink-transposes/push',
  cancel: 'sink-transposes/cancel',
  merge: 'sink-transposes/merge',
  fold: 'sink-transposes/fold-constant',
  identity: 'sink-transposes/identity',
  duplicate: 'sink-transposes/duplicate',
  reshape: 'sink-transposes/to-reshape',
  unused: 'sink-transposes/unused',
} as const;

/**
 * Where the value of Transpose `m` goes once something else computes it: its own name when `m`
 * can go (readers need no rewiring), else a fresh one its readers are moved to.
 */
function takeOver(wg: WorkGraph, m: WNode): { name: string; done: (value: string) => void } {
  const out = m.outputs[0]!;
  if (!wg.hasOpaqueReader(out)) {
    wg.removeNode(m);
    return { name: out, done: () => undefined };
  }
  return { name: wg.freshValue(out), done: (value) => wg.replaceUses(out, value) };
}

/** Replaces Transpose `m` (perm `perm`) of a constant by the permuted constant; the explanation, or undefined. */
export function foldTransposeOfConstant(wg: WorkGraph, m: WNode, perm: readonly number[]): Explanation | undefined {
  const src = m.inputs[0]!;
  const c = wg.constant(src);
  if (c && c.data.kind === 'raw' && c.dims.length === perm.length) {
    let permuted;
    try {
      permuted = permuteTensor(c, perm, '');
    } catch (e) {
      if (isInputError(e)) return undefined; // a dtype the evaluator cannot move: leave it to run
      throw e;
    }
    const target = takeOver(wg, m);
    target.done(wg.setInitializer(target.name, permuted));
    return { rule: SINK_RULES.fold, message: `folded Transpose ${m.id} ${formatPerm(perm)} of constant ${src} ${formatShape(c.dims)} into initializer ${describeTensor(wg.newInitializers.get(target.name)!)}`, matched: [m.id], produced: [] };
  }
  const p = wg.producer(src);
  const shape = p && p.opType === 'ConstantOfShape' && (p.domain === '' || p.domain === 'ai.onnx') ? wg.constant(p.inputs[0] ?? '') : undefined;
  if (!p || !shape) return undefined;
  const dims = Array.from(tensorToNumbers(shape));
  if (dims.length !== perm.length) return undefined;
  const permuted = permuteDims(dims, perm);
  const target = takeOver(wg, m);
  const shapeName = wg.addInitializer(`${target.name}_shape`, tensorFromNumbers('', 'int64', [permuted.length], permuted));
  const made = wg.addNode({ opType: 'ConstantOfShape', inputs: [shapeName], outputs: [target.name], attributes: p.attributes, provenance: [m.id], id: `${p.id}/permuted` });
  wg.setShape(target.name, permuted);
  target.done(target.name);
  return {
    rule: SINK_RULES.fold,
    message: `folded Transpose ${m.id} ${formatPerm(perm)} of ConstantOfShape ${p.id} ${formatShape(dims)}: a ConstantOfShape of shape ${formatShape(permuted)} gives the same uniform tensor`,
    matched: [m.id, p.id],
    produced: [made.id],
  };
}

/** Reshape's shape operand for a Transpose of `dims` by `perm` that moves only size-1 axes, if one exists. */
function reshapeTarget(dims: readonly Dim[], perm: readonly number[]): number[] | undefined {
  let inferred = false;
  const out: number[] = [];
  for (let i = 0; i < perm.length; i++) {
    const d = dims[perm[i]!];
    if (typeof d === 'number' && d > 0) out.push(d);
    else if (perm[i] === i) out.push(0); // 0 copies the input's dim at the same index
    else if (!inferred) (inferred = true), out.push(-1);
    else return undefined;
  }
  return out;
}

/** Turns every remaining Transpose that moves only size-1 axes into a Reshape. */
export function transposesToReshapes(wg: WorkGraph, notes: Map<WNode, string>): Explanation[] {
  const out: Explanation[] = [];
  for (const n of [...wg.nodes]) {
    if (n.removed) continue;
    const perm = transposePerm(wg, n);
    const dims = perm ? wg.shape(n.inputs[0]!) : undefined;
    if (!perm || !dims || !movesOnlyUnitDims(dims, perm)) continue;
    const target = reshapeTarget(dims, perm);
    if (!target) continue;
    const shape = wg.addInitializer(`${n.outputs[0]}_shape`, tensorFromNumbers('', 'int64', [target.length], target));
    const id = n.id;
    wg.retype(n, 'Reshape', [n.inputs[0]!, shape], []);
    notes.delete(n);
    out.push({
      rule: SINK_RULES.reshape,
      message: `Transpose ${id} ${formatPerm(perm)} only moves size-1 axes (${formatShape(dims)} → ${formatShape(permuteDims(dims, perm))}), so it became a Reshape: the elements keep their order`,
      matched: [id],
      produced: [wg.idOf(n)],
    });
  }
  return out;
}

/** Removes nodes and initializers the pass left unread; explains the nodes that were in the input. */
export function removeUnused(wg: WorkGraph): Explanation[] {
  const out: Explanation[] = [];
  const work = wg.released.splice(0);
  const inputs = new Set(wg.model.graph.inputs.map((i) => i.name));
  while (work.length) {
    const v = work.pop()!;
    if (wg.isRead(v)) continue;
    const p = wg.producer(v);
    if (!p) {
      if (wg.isOriginalInitializer(v) && !inputs.has(v)) wg.removedInitializers.add(v);
      continue;
    }
    if (p.opaque || p.outputs.some((o) => o && wg.isRead(o))) continue;
    wg.removeNode(p);
    work.push(...wg.released.splice(0));
    if (p.original) out.push({ rule: SINK_RULES.unused, message: `removed ${p.opType} ${p.id}: nothing reads ${p.outputs.filter((o) => o).join(', ')} any more`, matched: [p.id], produced: [] });
  }
  return out;
}
