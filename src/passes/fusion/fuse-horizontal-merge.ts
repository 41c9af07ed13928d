// Writing one horizontal merge: the concatenated weights (computed first, so a weight that cannot
// be concatenated leaves the editor untouched), the wide op, the optional merged bias Add, and a
// Split whose outputs are the siblings' own output names, so every reader stays as it was.
import type { GraphEditor } from '../../ir/edit.ts';
import { InputError } from '../../ir/errors.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Attribute, Tensor } from '../../ir/types.ts';
import type { GraphScope } from '../cleanup/graph-pass.ts';
import { listOf } from '../support/describe.ts';
import type { Sibling } from './fuse-horizontal-siblings.ts';
import { concatAxis0, concatColumns, zeros } from './fuse-horizontal-weights.ts';

function weights(kind: 'Conv' | 'MatMul', group: readonly Sibling[], s: GraphScope): { weight: Tensor; bias?: Tensor } {
  const first = group[0]!.node;
  if (kind === 'Conv') {
    const weight = concatAxis0(s.freshValue(`${first.id}/horizontal_weight`), group.map((g) => g.weight));
    if (!group.some((g) => g.bias)) return { weight };
    const bias = concatAxis0(s.freshValue(`${first.id}/horizontal_bias`), group.map((g) => g.bias ?? zeros('', g.weight.dtype, [g.width])));
    return { weight, bias };
  }
  const weight = concatColumns(s.freshValue(`${first.id}/horizontal_weight`), group.map((g) => g.weight));
  if (!group.every((g) => g.biasAdd)) return { weight };
  return { weight, bias: concatAxis0(s.freshValue(`${first.id}/horizontal_bias`), group.map((g) => g.bias!)) };
}

/** Drops constant initializers only the merged nodes read (the new concatenated ones replace them). */
function dropUnread(values: readonly string[], merged: ReadonlySet<string>, s: GraphScope, editor: GraphEditor): void {
  const initializers = new Set(s.graph.initializers.map((t) => t.name));
  const fixed = new Set([...s.graph.inputs.map((v) => v.name), ...s.graph.outputs.map((v) => v.name)]);
  for (const v of new Set(values)) {
    if (!initializers.has(v) || fixed.has(v)) continue;
    if (s.ctx.consumers(v).every((r) => merged.has(r.id))) editor.removeInitializer(v);
  }
}

/** The Split axis: channels for Conv, the last axis for MatMul (spelled positively before opset 11). */
function splitAxis(kind: 'Conv' | 'MatMul', x: string, s: GraphScope): number {
  if (kind === 'Conv') return 1;
  if (s.opset >= 11) return -1;
  const rank = s.ctx.shape(x)?.length;
  if (rank === undefined) throw new InputError(`the rank of ${x} is unknown, and Split before opset 11 needs a non-negative axis`);
  return Math.max(rank - 1, 0);
}

/** Merges the group into the editor; returns the explanation and the new node ids. */
export function mergeSiblings(kind: 'Conv' | 'MatMul', group: readonly Sibling[], s: GraphScope, editor: GraphEditor): { message: string; produced: string[] } {
  const first = group[0]!.node;
  const x = first.inputs[0]!;
  const axis = splitAxis(kind, x, s);
  const { weight, bias } = weights(kind, group, s);
  const widths = group.map((g) => g.width);
  const merged = new Set(group.flatMap((g) => [g.node.id, ...(g.biasAdd ? [g.biasAdd.id] : [])]));
  const provenance = [...merged];
  for (const id of merged) editor.removeNode(id);
  dropUnread(group.flatMap((g) => [g.node.inputs[1]!, g.node.inputs[2] ?? '', ...(g.biasAdd?.inputs ?? [])]), merged, s, editor);
  editor.addInitializer(weight);

  const wide = s.freshValue(`${first.id}/horizontal_out`);
  const inputs = kind === 'Conv' ? [x, weight.name, ...(bias ? [bias.name] : [])] : [x, weight.name];
  const produced: string[] = [];
  const op = editor.insertNode({ opType: kind, inputs, outputs: [wide], attributes: kind === 'Conv' ? first.attributes : [], provenance, id: `${first.id}/horizontal` });
  let splitInput = wide;
  if (kind === 'MatMul' && bias) {
    editor.addInitializer(bias);
    splitInput = s.freshValue(`${first.id}/horizontal_biased`);
    produced.push(editor.insertNode({ opType: 'Add', inputs: [wide, bias.name], outputs: [splitInput], provenance, id: `${first.id}/horizontal_bias` }).id);
  } else if (bias) {
    editor.addInitializer(bias);
  }

  // Split takes its sizes as an input from opset 13, as an attribute before.
  const attributes: Attribute[] = [{ name: 'axis', type: 'int', value: axis }];
  const splitInputs = [splitInput];
  if (s.opset >= 13) {
    const sizes = tensorFromNumbers(s.freshValue(`${first.id}/horizontal_split`), 'int64', [widths.length], widths);
    editor.addInitializer(sizes);
    splitInputs.push(sizes.name);
  } else {
    attributes.push({ name: 'split', type: 'ints', value: widths });
  }
  const outputs = group.map((g) => (g.biasAdd ?? g.node).outputs[0]!);
  produced.unshift(op.id);
  produced.push(editor.insertNode({ opType: 'Split', inputs: splitInputs, outputs, attributes, provenance, id: `${first.id}/horizontal_split` }).id);

  const total = widths.reduce((a, b) => a + b, 0);
  const parts = listOf(group.map((g) => `${g.node.id}: ${g.width}`), 4);
  if (kind === 'Conv') {
    return { produced, message: `merged ${group.length} sibling Convs reading ${x} (${parts} output channels) into Conv ${op.id} with ${total} output channels${bias ? ' and a concatenated bias' : ''}, then Split [${widths.join(',')}] along the channel axis` };
  }
  const adds = group[0]!.biasAdd ? ' and their bias Adds' : '';
  return { produced, message: `merged ${group.length} sibling MatMuls reading ${x}${adds} (${parts} columns) into MatMul ${op.id} with weight [${weight.dims.join(',')}]${bias ? ' plus one bias Add' : ''}, then Split [${widths.join(',')}] along the last axis` };
}
