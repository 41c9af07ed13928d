// fuse-injective: trees of elementwise and injective ops become one kiln.FusedInjective (node
// list, attributes, explanation, function body per opset); it declines with its reasons, and
// leaves alone what would save no kernel; every fused model runs the same in onnxruntime as the
// original (rel L2 <= 1e-6: the body computes the same ops in float32), and so does the CPU
// evaluator the backend folds constants with.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { compareTensors } from '../../reference/compare.ts';
import { runOrt } from '../../reference/ort-node.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseElementwise } from './fuse-elementwise.ts';
import { fuseInjective } from './fuse-injective.ts';
import { evaluateFusedInjective } from './injective/function.ts';

type Result = ReturnType<typeof fuseInjective.run>;
const ops = (m: Model) => m.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));
const messages = (r: Result) => r.changes.explanations.map((e) => e.message);
const misses = (r: Result) => r.changes.nearMisses.map((m) => `${m.nodeId}: ${m.reason}`);
const attrs = (m: Model, k = 0) => Object.fromEntries(m.graph.nodes[k]!.attributes.map((a) => [a.name, a.value]));
const body = (m: Model) => m.functions.find((f) => f.name === 'FusedInjective')!.nodes.map((n) => n.opType);
const model = (b: GraphBuilder, opset = 17) => makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
const i64 = (b: GraphBuilder, name: string, v: readonly number[]) => b.initializer(tensorFromNumbers(name, 'int64', [v.length], v));

/** NCHW → NHWC, then a per-channel bias: the layout copy and the Add are one kernel. */
function transposeAdd(): Model {
  const b = new GraphBuilder('transpose-add');
  const t = b.node('Transpose', [b.input('in', 'float32', [1, 3, 4, 5])], { name: 't1', attrs: { perm: [0, 2, 3, 1] } });
  b.node('Add', [t, b.input('bias', 'float32', [3])], { name: 'a1', outputs: ['y'] });
  b.output('y', 'float32');
  return model(b);
}

describe('fuse-injective fires', () => {
  it('fuses a Transpose into the Add reading it', async () => {
    const original = deepFreeze(transposeAdd());
    const r = fuseInjective.run(original);
    expect(ops(r.model)).toEqual(['kiln.FusedInjective']);
    expect(r.model.graph.nodes[0]!.inputs).toEqual(['in', 'bias']);
    expect(attrs(r.model)).toEqual({ expression: 'add(x0, x1)', index_maps: ['transpose(0,2,3,1)', ''] });
    expect(messages(r)).toEqual(['fused Transpose t1, Add a1 into kiln.FusedInjective a1/FusedInjective: y = add(x0, x1) with x0 = transpose(0,2,3,1) of in, x1 = bias']);
    expect(body(r.model)).toEqual(['Transpose', 'Add']);
    await expectSameOutputs(original, r.model, {});
  });

  it('moves every input of an Add that a Transpose reads, its broadcast spelled out', async () => {
    const b = new GraphBuilder('add-transpose');
    const a = b.node('Add', [b.input('x', 'float32', [2, 3, 4]), b.input('bias', 'float32', [4])], { name: 'add' });
    b.node('Transpose', [a], { name: 'tr', attrs: { perm: [2, 0, 1] }, outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = fuseInjective.run(original);
    expect(ops(r.model)).toEqual(['kiln.FusedInjective']);
    expect(messages(r)).toEqual(['fused Add add, Transpose tr into kiln.FusedInjective tr/FusedInjective: y = add(x0, x1) with x0 = transpose(2,0,1) of x, x1 = transpose(2,0,1) of expand(2,3,4) of bias']);
    expect(body(r.model)).toEqual(['Transpose', 'Constant', 'Expand', 'Transpose', 'Add']);
    await expectSameOutputs(original, r.model, {});
  });

  it('joins two elementwise ops across a Reshape, and drops the constants it no longer reads', async () => {
    const b = new GraphBuilder('reshape');
    const m = b.node('Mul', [b.input('x', 'float32', [2, 6, 4]), b.initializer(tensorFromNumbers('half', 'float32', [], [0.5]))], { name: 'mul' });
    const r = b.node('Reshape', [m, i64(b, 'shape', [2, 2, 3, 4])], { name: 'reshape' });
    b.node('Add', [r, b.input('c', 'float32', [3, 1])], { name: 'add', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const res = fuseInjective.run(original);
    expect(ops(res.model)).toEqual(['kiln.FusedInjective']);
    expect(messages(res)).toEqual(['fused Mul mul, Reshape reshape, Add add into kiln.FusedInjective add/FusedInjective: y = add(mul(x0, 0.5), x1) with x0 = reshape(2,2,3,4) of x, x1 = c']);
    expect(res.model.graph.initializers).toEqual([]);
    expect(body(res.model)).toEqual(['Constant', 'Reshape', 'Constant', 'Mul', 'Add']);
    await expectSameOutputs(original, res.model, {});
  });

  it('fuses a reversed, strided Slice into the Mul reading it (opset 13: parameters are inputs)', async () => {
    const b = new GraphBuilder('slice');
    const s = b.node('Slice', [b.input('x', 'float32', [4, 10]), i64(b, 'starts', [1, 9]), i64(b, 'ends', [3, -100]), i64(b, 'axes', [0, 1]), i64(b, 'steps', [1, -2])], { name: 'slice' });
    b.node('Mul', [s, b.input('w', 'float32', [5])], { name: 'mul', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b, 13);
    const r = fuseInjective.run(original);
    expect(messages(r)).toEqual(['fused Slice slice, Mul mul into kiln.FusedInjective mul/FusedInjective: y = mul(x0, x1) with x0 = slice(1:3, 9:0:-2) of x, x1 = w']);
    expect(body(r.model)).toEqual(['Constant', 'Constant', 'Constant', 'Constant', 'Slice', 'Mul']);
    await expectSameOutputs(original, r.model, {});
  });

  it('fuses an injective-only chain with two copies (pixel-shuffle style) into one', async () => {
    const b = new GraphBuilder('shuffle');
    const r1 = b.node('Reshape', [b.input('x', 'float32', [2, 6, 4]), i64(b, 's1', [2, 2, 3, 4])], { name: 'r1' });
    const t1 = b.node('Transpose', [r1], { name: 't1', attrs: { perm: [0, 3, 1, 2] } });
    const r2 = b.node('Reshape', [t1, i64(b, 's2', [2, 4, 6])], { name: 'r2' });
    b.node('Transpose', [r2], { name: 't2', attrs: { perm: [0, 2, 1] }, outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = fuseInjective.run(original);
    expect(ops(r.model)).toEqual(['kiln.FusedInjective']);
    expect(messages(r)).toEqual(['fused Reshape r1, Transpose t1, Reshape r2, Transpose t2 into kiln.FusedInjective t2/FusedInjective: y = x0 with x0 = transpose(0,2,1) of reshape(2,4,6) of transpose(0,3,1,2) of reshape(2,2,3,4) of x']);
    expect(body(r.model)).toEqual(['Constant', 'Reshape', 'Transpose', 'Constant', 'Reshape', 'Transpose', 'Identity']);
    await expectSameOutputs(original, r.model, {});
  });

  it('takes in a kiln.FusedElementwise (after fuse-elementwise), read twice through the same map', async () => {
    const b = new GraphBuilder('swish');
    const t = b.node('Transpose', [b.input('x', 'float32', [2, 3, 5])], { name: 'tr', attrs: { perm: [0, 2, 1] } });
    b.node('Mul', [t, b.node('Sigmoid', [t], { name: 'sig' })], { name: 'mul', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = fuseInjective.run(fuseElementwise.run(original).model);
    expect(ops(r.model)).toEqual(['kiln.FusedInjective']);
    expect(messages(r)).toEqual(['fused Transpose tr, kiln.FusedElementwise mul/FusedElementwise into kiln.FusedInjective mul/FusedInjective: y = mul(x0, sigmoid(x0)) with x0 = transpose(0,2,1) of x']);
    await expectSameOutputs(original, r.model, {});
  });

  it("moves a constant array of a fused member's expression: it becomes an initializer the node reads", async () => {
    const b = new GraphBuilder('moved-constant');
    const m = b.node('Mul', [b.input('x', 'float32', [3, 4]), b.initializer(tensorFromNumbers('c', 'float32', [3, 1], [0.5, -2, 3]))], { name: 'mul' });
    b.node('Transpose', [b.node('Sigmoid', [m], { name: 'sig' })], { name: 'tr', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = fuseInjective.run(fuseElementwise.run(original).model);
    expect(messages(r)).toEqual(['fused kiln.FusedElementwise sig/FusedElementwise, Transpose tr into kiln.FusedInjective tr/FusedInjective: y = sigmoid(mul(x0, x1)) with x0 = transpose(1,0) of x, x1 = transpose(1,0) of expand(3,4) of sig/FusedElementwise_constant']);
    expect(r.model.graph.initializers.map((t) => [t.name, t.dims])).toEqual([['sig/FusedElementwise_constant', [3, 1]]]);
    await expectSameOutputs(original, r.model, {});
  });

  it('reads one tensor along two paths as two inputs', async () => {
    const b = new GraphBuilder('sym');
    const x = b.input('x', 'float32', [3, 3]);
    b.node('Add', [x, b.node('Transpose', [x], { name: 'tr' })], { name: 'add' });
    b.node('Relu', ['add_out'], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = fuseInjective.run(original);
    expect(messages(r)).toEqual(['fused Transpose tr, Add add, Relu relu into kiln.FusedInjective relu/FusedInjective: y = relu(add(x0, x1)) with x0 = x, x1 = transpose(1,0) of x']);
    expect(r.model.graph.nodes[0]!.inputs).toEqual(['x', 'x']);
    await expectSameOutputs(original, r.model, {});
  });

  it('at opset 9: Unsqueeze, Slice and Squeeze take attributes, and so does the body Slice', async () => {
    const b = new GraphBuilder('opset9');
    const u = b.node('Unsqueeze', [b.input('x', 'float32', [4, 6])], { name: 'unsq', attrs: { axes: [0] } });
    const s = b.node('Slice', [u], { name: 'slice', attrs: { starts: [1], ends: [4], axes: [2] } });
    const e = b.node('Exp', [s], { name: 'exp' });
    b.node('Squeeze', [e], { name: 'sq', attrs: { axes: [0] }, outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b, 9);
    const r = fuseInjective.run(original);
    expect(messages(r)).toEqual(['fused Unsqueeze unsq, Slice slice, Exp exp, Squeeze sq into kiln.FusedInjective sq/FusedInjective: y = exp(x0) with x0 = reshape(4,3) of slice(:, :, 1:4) of reshape(1,4,6) of x']);
    const fn = r.model.functions.find((f) => f.name === 'FusedInjective')!;
    expect(fn.nodes.find((n) => n.opType === 'Slice')!.attributes.map((a) => a.name)).toEqual(['starts', 'ends', 'axes']);
    await expectSameOutputs(original, r.model, {});
  });

  it('at opset 13: Squeeze and Unsqueeze take their axes as inputs', async () => {
    const b = new GraphBuilder('opset13');
    const u = b.node('Unsqueeze', [b.input('x', 'float32', [4, 6]), i64(b, 'axes0', [1])], { name: 'unsq' });
    const t = b.node('Transpose', [u], { name: 'tr', attrs: { perm: [2, 1, 0] } });
    const sq = b.node('Squeeze', [t, i64(b, 'axes1', [1])], { name: 'sq' });
    b.node('Sub', [sq, b.input('m', 'float32', [6, 1])], { name: 'sub', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b, 13);
    const r = fuseInjective.run(original);
    expect(messages(r)).toEqual(['fused Unsqueeze unsq, Transpose tr, Squeeze sq, Sub sub into kiln.FusedInjective sub/FusedInjective: y = sub(x0, x1) with x0 = transpose(1,0) of x, x1 = m']);
    expect(r.model.graph.initializers).toEqual([]);
    await expectSameOutputs(original, r.model, {});
  });

  it('the CPU evaluator (constant folding) agrees with onnxruntime', async () => {
    const r = fuseInjective.run(transposeAdd());
    const inputs = randomInputs(r.model.graph, { seed: 3 });
    const [want] = await runOrt(exportModel(r.model), inputs, { graphOptimizationLevel: 'disabled' });
    const got = evaluateFusedInjective(r.model.graph.nodes[0]!, inputs);
    expect(got.dims).toEqual(want!.dims);
    expect(compareTensors(got, want!).relL2).toBeLessThanOrEqual(1e-7);
  });
});

describe('fuse-injective declines', () => {
  it('a member reached along two paths with different maps', () => {
    const b = new GraphBuilder('two-paths');
    const t = b.node('Relu', [b.input('x', 'float32', [3, 3])], { name: 'relu' });
    b.node('Add', [t, b.node('Transpose', [t], { name: 'tr' })], { name: 'add', outputs: ['y'] });
    b.output('y', 'float32');
    const r = fuseInjective.run(model(b));
    expect(ops(r.model)).toEqual(['Relu', 'kiln.FusedInjective']);
    expect(misses(r)).toEqual([
      "relu: kept Relu relu out of its readers' fused group: it is read along two paths with different index maps (transpose(1,0) by Transpose tr, as it is by Add add); fusing it would compute it twice",
    ]);
  });

  it('a Slice whose starts are computed at run time, and a shape that is not static', () => {
    const b = new GraphBuilder('dynamic');
    const s = b.node('Slice', [b.input('x', 'float32', [4, 10]), b.input('starts', 'int64', [1]), i64(b, 'ends', [8]), i64(b, 'axes', [1])], { name: 'slice' });
    b.node('Relu', [s], { name: 'relu', outputs: ['y'] });
    const t = b.node('Transpose', [b.input('z', 'float32', ['N', 3])], { name: 'tr' });
    b.node('Exp', [t], { name: 'exp', outputs: ['w'] });
    b.output('y', 'float32');
    b.output('w', 'float32');
    const r = fuseInjective.run(model(b, 13));
    expect(r.changes.explanations).toEqual([]);
    expect(misses(r)).toEqual(['tr: its output tr_out has no static shape ([3,N])', 'slice: its starts (starts) are computed at run time']);
  });

  it('an intermediate that is also a graph output', () => {
    const b = new GraphBuilder('shared');
    const t = b.node('Transpose', [b.input('x', 'float32', [2, 3])], { name: 'tr', outputs: ['t'] });
    b.node('Exp', [t], { name: 'exp', outputs: ['y'] });
    b.output('t', 'float32');
    b.output('y', 'float32');
    const r = fuseInjective.run(model(b));
    expect(r.changes.explanations).toEqual([]);
    expect(misses(r)).toEqual(["tr: kept Transpose tr out of its readers' fused group: it is graph output t; fusing it would compute it twice"]);
    // An elementwise op kept out of a group that still fuses.
    const b2 = new GraphBuilder('shared2');
    const e = b2.node('Exp', [b2.input('x', 'float32', [2, 3])], { name: 'exp', outputs: ['e'] });
    const t2 = b2.node('Transpose', [e], { name: 'tr' });
    b2.node('Neg', [b2.node('Slice', [t2, i64(b2, 'st', [1]), i64(b2, 'en', [2])], { name: 'slice' })], { name: 'neg', outputs: ['y'] });
    b2.output('e', 'float32');
    b2.output('y', 'float32');
    const r2 = fuseInjective.run(model(b2, 13));
    expect(ops(r2.model)).toEqual(['Exp', 'kiln.FusedInjective']);
    expect(misses(r2)).toEqual(["exp: kept Exp exp out of its readers' fused group: it is graph output e; fusing it would compute it twice"]);
  });

  it('what would save no kernel: a view Reshape and one elementwise op, silently', () => {
    const b = new GraphBuilder('view');
    const r = b.node('Reshape', [b.input('x', 'float32', [2, 6]), i64(b, 'shape', [3, 4])], { name: 'reshape' });
    b.node('Relu', [r], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32');
    const res = fuseInjective.run(model(b));
    expect(res.changes.explanations).toEqual([]);
    expect(res.changes.nearMisses).toEqual([]);
  });

  it('a broadcast moved by a Transpose at opset 7, which has no Expand for the function body', () => {
    const b = new GraphBuilder('old');
    const a = b.node('Add', [b.input('x', 'float32', [2, 3]), b.input('bias', 'float32', [3])], { name: 'add' });
    b.node('Transpose', [a], { name: 'tr', outputs: ['y'] });
    b.output('y', 'float32');
    const r = fuseInjective.run(model(b, 7));
    expect(ops(r.model)).toEqual(['Add', 'Transpose']);
    expect(misses(r)).toEqual(['tr: kept Transpose tr and the 1 ops it would take in unfused: opset 7 has no Expand for the broadcast the index maps move']);
  });
});
