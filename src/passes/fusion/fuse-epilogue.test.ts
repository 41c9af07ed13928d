// fuse-epilogue: a Conv, MatMul or Gemm (or com.microsoft.FusedConv/FusedGemm) takes in the
// elementwise ops that only it feeds (a fused group, or one op) as one kiln.Fused<Op>Epilogue (node
// list, attributes, explanation, function body); it declines with its reasons; and every fused
// model runs the same in onnxruntime as the original (rel L2 <= 1e-6: the function body computes
// exactly the original ops).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseElementwise } from './fuse-elementwise.ts';
import { fuseEpilogue } from './fuse-epilogue.ts';

const ops = (m: Model) => m.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));
const messages = (r: ReturnType<typeof fuseEpilogue.run>) => r.changes.explanations.map((e) => e.message);
const misses = (r: ReturnType<typeof fuseEpilogue.run>) => r.changes.nearMisses.map((m) => `${m.nodeId}: ${m.reason}`);
const model = (b: GraphBuilder, opset = 17, extra: { domain: string; version: number }[] = []) => makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }, ...extra] });

/** A 3×3 Conv of [1, 4, 5, 5] into 6 channels (pads 1, so the output is [1, 6, 5, 5]), with or without its bias. */
function conv(b: GraphBuilder, x: string, name = 'conv', bias = true, weights = new WeightFactory(3)): string {
  const w = b.initializer(weights.he(`${name}.w`, [6, 4, 3, 3], 36));
  const inputs = bias ? [x, w, b.initializer(weights.uniform(`${name}.b`, [6], -0.5, 0.5))] : [x, w];
  return b.node('Conv', inputs, { name, attrs: { pads: [1, 1, 1, 1], kernel_shape: [3, 3] } });
}

/** fuse-elementwise, then fuse-epilogue. */
const bothPasses = (m: Model) => fuseEpilogue.run(fuseElementwise.run(m).model);

describe('fuse-epilogue fires', () => {
  it('fuses a Conv with the fused group after it (a residual Add, then Relu)', async () => {
    const b = new GraphBuilder('residual');
    const c = conv(b, b.input('x', 'float32', [1, 4, 5, 5]));
    const s = b.node('Add', [c, b.input('skip', 'float32', [1, 6, 5, 5])], { name: 'add' });
    b.node('Relu', [s], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32');
    const original = deepFreeze(model(b));
    const r = bothPasses(original);
    expect(ops(r.model)).toEqual(['kiln.FusedConvEpilogue']);
    const fused = r.model.graph.nodes[0]!;
    // The Conv rewritten: it keeps its id.
    expect([fused.id, fused.provenance]).toEqual(['conv', ['conv', 'relu/FusedElementwise']]);
    expect(fused.inputs).toEqual(['x', 'conv.w', 'conv.b', 'skip']);
    expect(fused.outputs).toEqual(['y']);
    expect(fused.attributes).toEqual([
      { name: 'pads', type: 'ints', value: [1, 1, 1, 1] },
      { name: 'kernel_shape', type: 'ints', value: [3, 3] },
      { name: 'expression', type: 'string', value: 'relu(add(x0, x1))' },
    ]);
    expect(messages(r)).toEqual([
      'fused Conv conv with its elementwise epilogue kiln.FusedElementwise relu/FusedElementwise (2 elementwise ops) into kiln.FusedConvEpilogue conv: y = relu(add(x0, x1)) with x0 = conv output, x1 = skip',
    ]);
    const fn = r.model.functions.find((f) => f.name === 'FusedConvEpilogue')!;
    expect([fn.domain, fn.overload, fn.inputs]).toEqual(['kiln', fused.overload, ['X', 'W', 'B', 'x1']]);
    expect(fn.nodes.map((n) => n.opType)).toEqual(['Conv', 'Add', 'Relu']);
    await expectSameOutputs(original, r.model, {});
  });

  it('takes in one elementwise op, drops the constant it inlined, and runs a Conv without bias', async () => {
    const b = new GraphBuilder('scale');
    const c = conv(b, b.input('x', 'float32', [1, 4, 5, 5]), 'conv', false);
    b.node('Mul', [c, b.initializer(tensorFromNumbers('scale', 'float32', [6, 1, 1], [1, -2, 0.5, 3, 0.25, -1]))], { name: 'mul', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = fuseEpilogue.run(original);
    expect(ops(r.model)).toEqual(['kiln.FusedConvEpilogue']);
    expect(r.model.graph.nodes[0]!.inputs).toEqual(['x', 'conv.w', '']);
    expect(messages(r)).toEqual([
      'fused Conv conv with its elementwise epilogue Mul mul (1 elementwise op) into kiln.FusedConvEpilogue conv: y = mul(x0, float32[6,1,1]{1, -2, 0.5, 3, 0.25, -1}) with x0 = conv output',
    ]);
    expect(r.model.graph.initializers.map((t) => t.name)).toEqual(['conv.w']);
    await expectSameOutputs(original, r.model, {});
  });

  it('broadcasts the other inputs (a per-channel scale) to the output, and reads the conv input again', async () => {
    const b = new GraphBuilder('broadcast');
    const x = b.input('x', 'float32', [2, 6, 5, 5]);
    const weights = new WeightFactory(4);
    const w = b.initializer(weights.he('w', [6, 6, 3, 3], 54));
    const c = b.node('Conv', [x, w], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
    const g = b.node('Mul', [c, b.input('gamma', 'float32', [1, 6, 1, 1])], { name: 'mul' });
    b.node('Add', [g, x], { name: 'add', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = bothPasses(original);
    expect(ops(r.model)).toEqual(['kiln.FusedConvEpilogue']);
    expect(r.model.graph.nodes[0]!.inputs).toEqual(['x', 'w', '', 'gamma', 'x']);
    expect(messages(r)[0]).toMatch(/: y = add\(mul\(x0, x1\), x2\) with x0 = conv output, x1 = gamma, x2 = x$/);
    await expectSameOutputs(original, r.model, {});
  });

  it('starts the expression with a FusedConv\'s residual Z and activation', async () => {
    const b = new GraphBuilder('fused-conv');
    const weights = new WeightFactory(5);
    const x = b.input('x', 'float32', [1, 4, 5, 5]);
    const inputs = [x, b.initializer(weights.he('w', [6, 4, 3, 3], 36)), b.initializer(weights.uniform('b', [6], -0.5, 0.5)), b.input('z', 'float32', [1, 6, 5, 5])];
    const fc = b.node('FusedConv', inputs, { name: 'fc', domain: 'com.microsoft', attrs: { pads: [1, 1, 1, 1], activation: 'LeakyRelu', activation_params: { floats: [0.1] } } });
    b.node('Mul', [fc, b.input('s', 'float32', [1, 6, 1, 1])], { name: 'mul', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b, 17, [{ domain: 'com.microsoft', version: 1 }]);
    const r = fuseEpilogue.run(original);
    expect(ops(r.model)).toEqual(['kiln.FusedConvEpilogue']);
    expect(r.model.graph.nodes[0]!.inputs).toEqual(['x', 'w', 'b', 'z', 's']);
    expect(r.model.graph.nodes[0]!.attributes.map((a) => a.name)).toEqual(['pads', 'expression']);
    expect(messages(r)).toEqual([
      'fused com.microsoft.FusedConv fc with its elementwise epilogue Mul mul (1 elementwise op) into kiln.FusedConvEpilogue fc: y = mul(leaky_relu(add(x0, x1), alpha=0.1), x2) with x0 = conv output, x1 = z, x2 = s',
    ]);
    await expectSameOutputs(original, r.model, {});
  });

  it.each([
    [13, 'HardSwish', [], 'mul(x0, hard_sigmoid(x0, alpha=0.16666667, beta=0.5))'],
    [14, 'HardSwish', [], 'hard_swish(x0)'],
    [10, 'Clip', [0, 6], 'clip(x0, max=6, min=0)'],
    [17, 'Clip', [-1, 1], 'clip(x0, -1, 1)'],
  ] as const)('opset %i: a FusedConv %s %j becomes the expression\'s first op', async (opset, activation, params, start) => {
    const b = new GraphBuilder('act');
    const weights = new WeightFactory(6);
    const inputs = [b.input('x', 'float32', [1, 4, 5, 5]), b.initializer(weights.he('w', [6, 4, 3, 3], 36))];
    const attrs = { pads: [1, 1, 1, 1], activation, ...(params.length ? { activation_params: { floats: [...params] } } : {}) };
    const fc = b.node('FusedConv', inputs, { name: 'fc', domain: 'com.microsoft', attrs });
    b.node('Neg', [fc], { name: 'neg', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b, opset, [{ domain: 'com.microsoft', version: 1 }]);
    const r = fuseEpilogue.run(original);
    const text = r.model.graph.nodes[0]!.attributes.find((a) => a.name === 'expression')!.value as string;
    expect(text).toBe(`neg(${start})`);
    await expectSameOutputs(original, r.model, {});
  });
});

describe('fuse-epilogue fires on MatMul and Gemm', () => {
  it('fuses a MatMul with its bias Add and Relu (a dense layer)', async () => {
    const b = new GraphBuilder('dense');
    const w = b.initializer(new WeightFactory(9).he('w', [8, 5], 8));
    const mm = b.node('MatMul', [b.input('x', 'float32', [2, 3, 8]), w], { name: 'mm' });
    const biased = b.node('Add', [mm, b.initializer(tensorFromNumbers('bias', 'float32', [5], [0.1, -0.2, 0.3, -0.4, 0.5]))], { name: 'add' });
    b.node('Relu', [biased], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = bothPasses(original);
    expect(ops(r.model)).toEqual(['kiln.FusedMatMulEpilogue']);
    expect(r.model.graph.nodes[0]!.inputs).toEqual(['x', 'w']);
    expect(messages(r)).toEqual([
      'fused MatMul mm with its elementwise epilogue kiln.FusedElementwise relu/FusedElementwise (2 elementwise ops) into kiln.FusedMatMulEpilogue mm: y = relu(add(x0, [0.1, -0.2, 0.3, -0.4, 0.5])) with x0 = matmul output',
    ]);
    expect(r.model.functions.find((f) => f.name === 'FusedMatMulEpilogue')!.nodes.map((n) => n.opType)).toEqual(['MatMul', 'Constant', 'Add', 'Relu']);
    await expectSameOutputs(original, r.model, {});
  });

  it('fuses a Gemm (its attributes carried) with a row scale and Sigmoid', async () => {
    const b = new GraphBuilder('gemm');
    const weights = new WeightFactory(10);
    const inputs = [b.input('a', 'float32', [4, 6]), b.initializer(weights.he('b', [5, 6], 6)), b.initializer(weights.uniform('c', [5], -1, 1))];
    const g = b.node('Gemm', inputs, { name: 'gemm', attrs: { transB: 1, alpha: 0.5 } });
    b.node('Sigmoid', [b.node('Mul', [g, b.input('s', 'float32', [4, 1])], { name: 'mul' })], { name: 'sig', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = bothPasses(original);
    expect(ops(r.model)).toEqual(['kiln.FusedGemmEpilogue']);
    const node = r.model.graph.nodes[0]!;
    expect(node.inputs).toEqual(['a', 'b', 'c', 's']);
    expect(node.attributes.map((a) => a.name)).toEqual(['transB', 'alpha', 'expression']);
    expect(messages(r)[0]).toMatch(/: y = sigmoid\(mul\(x0, x1\)\) with x0 = gemm output, x1 = s$/);
    await expectSameOutputs(original, r.model, {});
  });

  it("starts the expression with a FusedGemm's activation, and runs a Gemm without C", async () => {
    const b = new GraphBuilder('fused-gemm');
    const w = b.initializer(new WeightFactory(12).he('w', [6, 5], 6));
    const attrs = { activation: 'LeakyRelu', activation_alpha: 0.2 };
    const g = b.node('FusedGemm', [b.input('a', 'float32', [4, 6]), w], { name: 'fg', domain: 'com.microsoft', attrs });
    b.node('Add', [g, b.input('r', 'float32', [4, 5])], { name: 'add', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b, 17, [{ domain: 'com.microsoft', version: 1 }]);
    const r = fuseEpilogue.run(original);
    expect(r.model.graph.nodes[0]!.inputs).toEqual(['a', 'w', '', 'r']);
    expect(messages(r)[0]).toMatch(/^fused com.microsoft.FusedGemm fg with .*: y = add\(leaky_relu\(x0, alpha=0.2\), x1\) with x0 = gemm output, x1 = r$/);
    await expectSameOutputs(original, r.model, {});
  });
});

describe('fuse-epilogue declines', () => {
  it('when the conv output has another reader, or is a graph output', () => {
    const b = new GraphBuilder('shared');
    const x = b.input('x', 'float32', [1, 4, 5, 5]);
    const c1 = conv(b, x, 'c1');
    b.node('Relu', [c1], { name: 'r1', outputs: ['y1'] });
    b.node('MaxPool', [c1], { name: 'pool', outputs: ['p'], attrs: { kernel_shape: [2, 2] } });
    const c2 = conv(b, x, 'c2');
    b.node('Sigmoid', [c2], { name: 's2', outputs: ['y2'] });
    for (const o of ['y1', 'p', 'y2']) b.output(o, 'float32');
    b.output(c2, 'float32');
    const r = fuseEpilogue.run(model(b));
    expect(r.changes.explanations).toEqual([]);
    expect(misses(r)).toEqual([
      "c1: Conv c1's output c1_out is also read by MaxPool pool; fusing it into its epilogue Relu r1 would compute Conv twice",
      "c2: Conv c2's output c2_out is a graph output, so it must be written to memory anyway",
    ]);
  });

  it('when the epilogue broadcasts the conv output to a larger shape, or computes another type', () => {
    const b = new GraphBuilder('shapes');
    const x = b.input('x', 'float32', [1, 4, 5, 5]);
    b.node('Add', [conv(b, x, 'c1'), b.input('big', 'float32', [3, 6, 5, 5])], { name: 'add', outputs: ['y1'] });
    b.node('Greater', [conv(b, x, 'c2'), b.input('t', 'float32', [])], { name: 'gt', outputs: ['y2'] });
    b.output('y1', 'float32');
    b.output('y2', 'bool');
    const r = fuseEpilogue.run(model(b));
    expect(misses(r)).toEqual([
      'c1: its epilogue Add add broadcasts the conv output [1,6,5,5] to a larger shape [3,6,5,5]',
      "c2: its epilogue Greater gt computes bool, not the conv output's float32",
    ]);
  });

  it('when two convs feed one epilogue: the first in graph order takes it', async () => {
    const b = new GraphBuilder('two');
    const x = b.input('x', 'float32', [1, 4, 5, 5]);
    b.node('Add', [conv(b, x, 'c1'), conv(b, x, 'c2', true, new WeightFactory(8))], { name: 'add', outputs: ['y'] });
    b.output('y', 'float32');
    const original = model(b);
    const r = fuseEpilogue.run(original);
    expect(ops(r.model)).toEqual(['Conv', 'kiln.FusedConvEpilogue']);
    expect(misses(r)).toEqual(['c2: its epilogue Add add is already fused with Conv c1']);
    await expectSameOutputs(original, r.model, {});
  });

  it('when the fused kernel would bind more than 8 tensors', () => {
    const b = new GraphBuilder('wide');
    let v = conv(b, b.input('x', 'float32', [1, 4, 5, 5]));
    for (let k = 0; k < 5; k++) v = b.node('Add', [v, b.input(`e${k}`, 'float32', [1, 6, 5, 5])], { name: `add${k}` });
    b.node('Relu', [v], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32');
    const r = bothPasses(model(b));
    expect(misses(r)).toEqual(['conv: the fused kernel would bind 9 tensors, more than the 8 storage buffers WebGPU guarantees per shader stage']);
  });

  it('silently when nothing elementwise reads the conv', () => {
    const b = new GraphBuilder('plain');
    b.node('MaxPool', [conv(b, b.input('x', 'float32', [1, 4, 5, 5]))], { outputs: ['y'], attrs: { kernel_shape: [2, 2] } });
    b.output('y', 'float32');
    const r = fuseEpilogue.run(model(b));
    expect(r.changes.explanations).toEqual([]);
    expect(r.changes.nearMisses).toEqual([]);
  });
});
