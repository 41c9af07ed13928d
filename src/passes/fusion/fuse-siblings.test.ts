// fuse-siblings: elementwise siblings reading one tensor become one multi-output node (node list,
// expressions, explanation, function), near misses say why, and onnxruntime runs the exported
// result like the original (rel L2 <= 1e-5).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { inferShapes } from '../../ir/infer/infer-shapes.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseElementwise } from './fuse-elementwise.ts';
import { fuseSiblings } from './fuse-siblings.ts';

const ops = (m: Model) => m.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));

/** x read by a lone Relu, a fused Tanh(x·s) and a lone Add with an inlined scalar. */
function siblingsModel(): Model {
  const b = new GraphBuilder('siblings');
  const x = b.input('x', 'float32', [2, 8]);
  const s = b.input('s', 'float32', [8]);
  b.node('Relu', [x], { name: 'relu', outputs: ['a'] });
  b.node('Tanh', [b.node('Mul', [x, s], { name: 'mul' })], { name: 'tanh', outputs: ['t'] });
  b.node('Add', [x, b.initializer(tensorFromNumbers('half', 'float32', [], [0.5]))], { name: 'add', outputs: ['c'] });
  for (const o of ['a', 't', 'c']) b.output(o, 'float32', [2, 8]);
  return makeModel(b.build());
}

describe('fuse-siblings fires', () => {
  it('merges three siblings reading x into one node with three outputs', async () => {
    const model = deepFreeze(fuseElementwise.run(siblingsModel()).model);
    expect(ops(model)).toEqual(['Relu', 'kiln.FusedElementwise', 'Add']);
    const r = fuseSiblings.run(model);
    expect(ops(r.model)).toEqual(['kiln.FusedElementwiseMulti']);
    const node = r.model.graph.nodes[0]!;
    expect(node.inputs).toEqual(['x', 's']);
    expect(node.outputs).toEqual(['a', 't', 'c']);
    expect(node.provenance).toEqual(['relu', 'mul', 'tanh', 'add']);
    expect(node.attributes).toEqual([{ name: 'expressions', type: 'strings', value: ['relu(x0)', 'tanh(mul(x0, x1))', 'add(x0, 0.5)'] }]);
    expect(r.changes.explanations.map((e) => e.message)).toEqual([
      'merged siblings Relu relu, FusedElementwise tanh/FusedElementwise, Add add, all reading x, into one kiln.FusedElementwiseMulti kernel relu/FusedElementwiseMulti with 3 outputs: x is read once. a = relu(x0), t = tanh(mul(x0, x1)), c = add(x0, 0.5) with x0 = x, x1 = s',
    ]);
    expect(r.changes.initializersRemoved).toEqual(['half']);
    const fn = r.model.functions.find((f) => f.name === 'FusedElementwiseMulti')!;
    expect(fn.overload).toBe(node.overload);
    expect(fn.inputs).toEqual(['x0', 'x1']);
    expect(fn.outputs).toEqual(['y0', 'y1', 'y2']);
    const types = inferShapes(r.model);
    expect(types.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    await expectSameOutputs(siblingsModel(), r.model, {}, { relL2: 1e-5 });
  });

  it('merges two siblings with a broadcast shared input', async () => {
    const b = new GraphBuilder('broadcast');
    const x = b.input('x', 'float32', [4]);
    const y = b.input('y', 'float32', [3, 4]);
    b.node('Mul', [x, y], { name: 'mul', outputs: ['p'] });
    b.node('Sub', [y, x], { name: 'sub', outputs: ['q'] });
    for (const o of ['p', 'q']) b.output(o, 'float32', [3, 4]);
    const model = makeModel(b.build());
    const r = fuseSiblings.run(model);
    expect(ops(r.model)).toEqual(['kiln.FusedElementwiseMulti']);
    expect(r.model.graph.nodes[0]!.attributes[0]!.value).toEqual(['mul(x0, x1)', 'sub(x1, x0)']);
    expect(r.changes.explanations[0]!.message).toContain('Mul mul, Sub sub, both reading x, into one kiln.FusedElementwiseMulti kernel');
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-5 });
  });
});

describe('fuse-siblings declines', () => {
  it('siblings of different output shapes stay apart', () => {
    const b = new GraphBuilder('shapes');
    const x = b.input('x', 'float32', [2, 8]);
    b.node('Relu', [x], { name: 'relu', outputs: ['a'] });
    b.node('Add', [x, b.input('z', 'float32', [3, 1, 8])], { name: 'add', outputs: ['c'] });
    b.output('a', 'float32', [2, 8]);
    b.output('c', 'float32', [3, 2, 8]);
    const r = fuseSiblings.run(makeModel(b.build()));
    expect(ops(r.model)).toEqual(['Relu', 'Add']);
    expect(r.changes.nearMisses).toEqual([
      { rule: 'fuse-siblings/multi-output', nodeId: 'relu', reason: 'Relu relu reads x like Add add, but its output shape [2, 8] differs from [3, 2, 8]' },
      { rule: 'fuse-siblings/multi-output', nodeId: 'add', reason: 'Add add reads x like Relu relu, but its output shape [3, 2, 8] differs from [2, 8]' },
    ]);
  });

  it('a sibling that reads the other sibling stays apart', () => {
    const b = new GraphBuilder('chain');
    const x = b.input('x', 'float32', [5]);
    const e = b.node('Exp', [x], { name: 'exp', outputs: ['e'] });
    b.node('Add', [x, e], { name: 'add', outputs: ['s'] });
    b.output('e', 'float32', [5]);
    b.output('s', 'float32', [5]);
    const r = fuseSiblings.run(makeModel(b.build()));
    expect(ops(r.model)).toEqual(['Exp', 'Add']);
    expect(r.changes.nearMisses).toEqual([
      { rule: 'fuse-siblings/multi-output', nodeId: 'add', reason: 'Add add and Exp exp both read x, but one depends on the other: one kernel cannot compute both' },
    ]);
  });

  it('a merge stops at 8 bound tensors, inputs and outputs together', () => {
    const b = new GraphBuilder('wide');
    const x = b.input('x', 'float32', [4]);
    for (let k = 0; k < 5; k++) {
      b.node('Add', [x, b.input(`y${k}`, 'float32', [4])], { name: `add${k}`, outputs: [`s${k}`] });
      b.output(`s${k}`, 'float32', [4]);
    }
    const r = fuseSiblings.run(makeModel(b.build()));
    expect(ops(r.model)).toEqual(['kiln.FusedElementwiseMulti', 'Add', 'Add']);
    expect(r.model.graph.nodes[0]!.outputs).toEqual(['s0', 's1', 's2']);
    expect(r.changes.nearMisses.map((m) => m.reason)).toEqual([3, 4].map((k) => `left Add add${k} out: with it the merged kernel reading x would bind more than 8 tensors (inputs and outputs), WebGPU's default limit per kernel`));
  });

  it('a shared constant is no reason to merge', () => {
    const b = new GraphBuilder('constant');
    const k = b.initializer(tensorFromNumbers('k', 'float32', [5], [1, 2, 3, 4, 5]));
    b.node('Mul', [b.input('x', 'float32', [5]), k], { name: 'mx', outputs: ['p'] });
    b.node('Mul', [b.input('y', 'float32', [5]), k], { name: 'my', outputs: ['q'] });
    b.output('p', 'float32', [5]);
    b.output('q', 'float32', [5]);
    const r = fuseSiblings.run(makeModel(b.build()));
    expect(ops(r.model)).toEqual(['Mul', 'Mul']);
    expect(r.changes.nearMisses).toEqual([]);
  });
});
