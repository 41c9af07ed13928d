// Raises a model's default-domain opset so quantization ops exist in it (DynamicQuantizeLinear
// needs 11, per-channel DequantizeLinear 13), as onnxruntime's quantizer raises old models to 11
// first. Only the ops whose signature changed on the way are rewritten: attributes that became
// inputs (Clip, Slice, Pad, Squeeze, Unsqueeze, ReduceSum, Split, TopK, Dropout's ratio) and
// Softmax's axis, whose meaning changed at 13. Anything else that changed meaning is refused.
//
//   before (opset 9):  y = Clip <min = 0, max = 6> (x)
//   after  (opset 13): y = Clip (x, min, max)          min = 0, max = 6 as float initializers
import { attrFloat, attrInt, attrInts } from '../../ir/attributes.ts';
import { GraphEditor, NodeIds, withGraph } from '../../ir/edit.ts';
import { InputError, isInputError } from '../../ir/errors.ts';
import { subgraphsOf } from '../../ir/graph.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Attribute, Model, Node, ValueType } from '../../ir/types.ts';
import type { Explanation } from '../pass.ts';
import { ValueNames } from '../rewrite/builder.ts';
import { defaultOpset, isDefaultDomain, valueTypes } from '../support/constant-values.ts';

export interface OpsetUpgrade {
  readonly model: Model;
  readonly from: number;
  readonly to: number;
  /** Op type -> how many nodes were rewritten. */
  readonly rewritten: ReadonlyMap<string, number>;
}

/** Attribute -> input moves: [op, version it became an input, attribute, input index, dtype]. */
const MOVED: readonly (readonly [string, number, string, number, 'int64' | 'float'])[] = [
  ['Slice', 10, 'starts', 1, 'int64'], ['Slice', 10, 'ends', 2, 'int64'], ['Slice', 10, 'axes', 3, 'int64'],
  ['TopK', 10, 'k', 1, 'int64'],
  ['Clip', 11, 'min', 1, 'float'], ['Clip', 11, 'max', 2, 'float'],
  ['Pad', 11, 'pads', 1, 'int64'], ['Pad', 11, 'value', 2, 'float'],
  ['Squeeze', 13, 'axes', 1, 'int64'], ['Unsqueeze', 13, 'axes', 1, 'int64'], ['ReduceSum', 13, 'axes', 1, 'int64'], ['Split', 13, 'split', 1, 'int64'],
];

const REFUSED: Readonly<Record<string, string>> = {
  Upsample: 'Upsample was replaced by Resize at opset 10',
  Scatter: 'Scatter was replaced by ScatterElements at opset 11',
};

function refuse(n: Node, from: number, types: ReadonlyMap<string, ValueType>): string | undefined {
  if (REFUSED[n.opType]) return REFUSED[n.opType];
  if (n.opType === 'Resize' && from < 11) return 'Resize changed its coordinate rules at opset 11';
  if (/^(Log)?Softmax$|^Hardmax$/.test(n.opType) && from < 13) {
    const t = types.get(n.inputs[0]!);
    const rank = t?.kind === 'tensor' ? t.shape?.length : undefined;
    const axis = attrInt(n, 'axis', 1);
    if (rank === undefined || (axis + rank) % rank !== rank - 1) return `${n.opType} over axis ${axis} of a rank-${rank ?? '?'} input means a different reduction before opset 13`;
  }
  return undefined;
}

/** Returns the model at opset `to` (itself when it is already there); throws an InputError naming what it cannot rewrite. */
export function upgradeOpset(model: Model, to: number): OpsetUpgrade {
  const from = defaultOpset(model);
  if (from === undefined) throw new InputError('the model imports no ONNX opset');
  if (from >= to) return { model, from, to: from, rewritten: new Map() };
  if (from < 7) throw new InputError(`the model imports ONNX opset ${from}; Kiln raises opsets from 7 on`);
  const g = model.graph;
  const types = valueTypes(model);
  for (const n of g.nodes) {
    if (subgraphsOf(n).length) throw new InputError(`raising opset ${from} to ${to} inside the bodies of ${n.opType} ${n.id} is not supported`);
    const why = isDefaultDomain(n) ? refuse(n, from, types) : undefined;
    if (why) throw new InputError(`cannot raise opset ${from} to ${to}: ${why} (${n.opType} ${n.id})`);
  }
  const editor = new GraphEditor(g, new NodeIds(model));
  const names = new ValueNames(model);
  const rewritten = new Map<string, number>();
  for (const n of g.nodes) {
    if (!isDefaultDomain(n)) continue;
    const moves = MOVED.filter(([op, at, attr]) => op === n.opType && from < at && at <= to && n.attributes.some((a) => a.name === attr));
    const dropRatio = n.opType === 'Dropout' && from < 12 && 12 <= to;
    const softmax = /^(Log)?Softmax$|^Hardmax$/.test(n.opType) && from < 13 && 13 <= to;
    if (!moves.length && !dropRatio && !softmax) continue;
    const inputs = [...n.inputs];
    let attributes: Attribute[] = n.attributes.filter((a) => !moves.some(([, , attr]) => attr === a.name));
    for (const [, , attr, index, dtype] of moves) {
      const t = types.get(n.inputs[0]!);
      const floatType = t?.kind === 'tensor' ? t.dtype : 'float32';
      const value = dtype === 'int64' ? attrInts(n, attr)! : [attrFloat(n, attr)!];
      const dims = dtype === 'int64' && attr !== 'k' ? [value.length] : attr === 'k' ? [1] : [];
      const name = names.fresh(`${n.id}/${attr}`);
      editor.addInitializer(tensorFromNumbers(name, dtype === 'int64' ? 'int64' : floatType, dims, value));
      while (inputs.length < index) inputs.push('');
      inputs[index] = name;
    }
    if (dropRatio) attributes = attributes.filter((a) => a.name !== 'ratio' && a.name !== 'is_test');
    if (softmax) attributes = [...attributes.filter((a) => a.name !== 'axis'), { name: 'axis', type: 'int', value: -1 }];
    editor.removeNode(n.id);
    editor.insertNode({ opType: n.opType, inputs, outputs: n.outputs, attributes, id: n.id, provenance: [n.id] });
    rewritten.set(n.opType, (rewritten.get(n.opType) ?? 0) + 1);
  }
  const { graph } = editor.apply();
  const opsetImports = model.opsetImports.map((o) => (o.domain === '' || o.domain === 'ai.onnx' ? { ...o, version: to } : o));
  return { model: { ...withGraph(model, graph), opsetImports }, from, to, rewritten };
}

/** `raised the default opset from 9 to 13, rewriting 18 Clip, 1 Slice to their newer signatures`. */
export function describeUpgrade(u: OpsetUpgrade): string {
  const parts = [...u.rewritten].map(([op, k]) => `${k} ${op}`);
  return `raised the default opset from ${u.from} to ${u.to}${parts.length ? `, rewriting ${parts.join(', ')} to their newer signatures` : ''}`;
}

/**
 * The model at opset `needed` or above for a quantization pass: unchanged when it already is,
 * else upgraded with an explanation (rule `rule`, `why` saying which op needs it), or the reason
 * it cannot be, for the near misses of every op the pass would have quantized.
 */
export function atLeastOpset(model: Model, needed: number, rule: string, why: string): { model: Model; explanation?: Explanation } | { reason: string } {
  if ((defaultOpset(model) ?? 0) >= needed) return { model };
  try {
    const u = upgradeOpset(model, needed);
    return { model: u.model, explanation: { rule, message: `${describeUpgrade(u)}: ${why}`, matched: [], produced: [] } };
  } catch (e) {
    if (!isInputError(e)) throw e;
    return { reason: `${why}, and ${(e as Error).message}` };
  }
}
