// fuse-reduce: a Reduce takes in the elementwise ops that only it reads (a fused group, or one op)
// as one kiln.FusedReduce (node list, explanation, function body per opset); it declines with its
// reasons; and every fused model runs the same in onnxruntime as the original (rel L2 <= 1e-5).
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { inferShapes } from '../../ir/infer/infer-shapes.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseElementwise } from './fuse-elementwise.ts';
import { fuseReduce } from './fuse-reduce.ts';

const ops = (m: Model) => m.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType));
const messages = (r: ReturnType<typeof fuseReduce.run>) => r.changes.explanations.map((e) => e.message);
const misses = (r: ReturnType<typeof fuseReduce.run>) => r.changes.nearMisses.map((m) => `${m.nodeId}: ${m.reason}`);

/** Variance along the last axis: Pow(Sub(x, m), 2) then ReduceMean; `extra` adds a second reader of the Pow. */
function varianceModel(opset: number, reduce = 'ReduceMean', keepdims = 1, extra = false): Model {
  const b = new GraphBuilder('variance');
  const x = b.input('x', 'float32', [2, 3, 8]);
  const m = b.input('m', 'float32', [2, 3, 1]);
  const d = b.node('Sub', [x, m], { name: 'sub' });
  const p = b.node('Pow', [d, b.initializer(tensorFromNumbers('two', 'float32', [], [2]))], { name: 'pow' });
  const axesInput = opset >= (reduce === 'ReduceSum' ? 13 : 18);
  const inputs = axesInput ? [p, b.initializer(tensorFromNumbers('axes', 'int64', [1], [-1]))] : [p];
  b.node(reduce, inputs, { name: 'reduce', outputs: ['v'], attrs: { keepdims, ...(axesInput ? {} : { axes: [-1] }) } });
  b.output('v', 'float32');
  if (extra) {
    b.node('Relu', [p], { name: 'relu', outputs: ['r'] });
    b.output('r', 'float32');
  }
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
}

/** fuse-elementwise, then fuse-reduce. */
function bothPasses(model: Model) {
  return fuseReduce.run(fuseElementwise.run(model).model);
}

describe('fuse-reduce fires', () => {
  it('fuses a fused elementwise group into the ReduceMean reading it', async () => {
    const model = deepFreeze(varianceModel(17));
    const r = bothPasses(model);
    expect(ops(r.model)).toEqual(['kiln.FusedReduce']);
    const fused = r.model.graph.nodes[0]!;
    expect(fused.inputs).toEqual(['x', 'm']);
    expect(fused.outputs).toEqual(['v']);
    expect(fused.attributes).toEqual([
      { name: 'expression', type: 'string', value: 'pow(sub(x0, x1), 2)' },
      { name: 'reduce', type: 'string', value: 'ReduceMean' },
      { name: 'axes', type: 'ints', value: [2] },
      { name: 'keepdims', type: 'int', value: 1 },
    ]);
    expect(messages(r)).toEqual([
      'fused kiln.FusedElementwise pow/FusedElementwise (2 elementwise ops) into ReduceMean reduce as kiln.FusedReduce reduce/FusedReduce: y = ReduceMean(pow(sub(x0, x1), 2)) over axes [2], keepdims 1 with x0 = x, x1 = m',
    ]);
    const fn = r.model.functions.find((f) => f.name === 'FusedReduce')!;
    expect([fn.domain, fn.overload]).toEqual(['kiln', fused.overload]);
    // Opset 17: ReduceMean still takes its axes as an attribute.
    expect(fn.nodes.map((n) => n.opType)).toEqual(['Sub', 'Constant', 'Pow', 'ReduceMean']);
    expect(fn.nodes[3]!.attributes).toContainEqual({ name: 'axes', type: 'ints', value: [2] });
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-5 });
  });

  it('takes in a single elementwise op, and drops the constants it inlined', async () => {
    const b = new GraphBuilder('sumsq');
    const x = b.input('x', 'float32', [4, 5]);
    const sq = b.node('Mul', [x, x], { name: 'sq' });
    b.node('ReduceSum', [sq, b.initializer(tensorFromNumbers('axes', 'int64', [1], [0]))], { name: 'sum', outputs: ['s'], attrs: { keepdims: 0 } });
    b.output('s', 'float32');
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 13 }] });
    const r = fuseReduce.run(model);
    expect(ops(r.model)).toEqual(['kiln.FusedReduce']);
    expect(messages(r)).toEqual(['fused Mul sq (1 elementwise op) into ReduceSum sum as kiln.FusedReduce sum/FusedReduce: y = ReduceSum(mul(x0, x0)) over axes [0], keepdims 0 with x0 = x']);
    expect(r.model.graph.initializers).toEqual([]);
    // Opset 13: ReduceSum's axes are an input, a Constant in the body.
    expect(r.model.functions[0]!.nodes.map((n) => n.opType)).toEqual(['Mul', 'Constant', 'ReduceSum']);
    const types = inferShapes(r.model).types;
    expect(types.get('s')).toEqual({ kind: 'tensor', dtype: 'float32', shape: [5] });
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-5 });
  });

  it.each([
    [11, 'ReduceSum', 1], [13, 'ReduceSum', 0], [13, 'ReduceMax', 1], [18, 'ReduceMean', 0], [18, 'ReduceL2', 1],
    [17, 'ReduceLogSumExp', 0], [18, 'ReduceSumSquare', 1], [18, 'ReduceL1', 0], [18, 'ReduceMin', 1], [17, 'ReduceProd', 0], [18, 'ReduceLogSum', 1],
  ] as const)('opset %i %s keepdims %i runs as the original in onnxruntime', async (opset, reduce, keepdims) => {
    const model = varianceModel(opset, reduce, keepdims);
    const r = bothPasses(model);
    expect(ops(r.model)).toEqual(['kiln.FusedReduce']);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-5 });
  });

  it('reduces every axis when none are given', async () => {
    const b = new GraphBuilder('all');
    const x = b.input('x', 'float32', [3, 4]);
    b.node('ReduceMax', [b.node('Abs', [x], { name: 'abs' })], { name: 'max', outputs: ['y'] });
    b.output('y', 'float32');
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 18 }] });
    const r = fuseReduce.run(model);
    expect(r.model.graph.nodes[0]!.attributes).toContainEqual({ name: 'axes', type: 'ints', value: [0, 1] });
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-5 });
  });
});

describe('fuse-reduce declines', () => {
  it('when the fused group has another reader', () => {
    const r = bothPasses(varianceModel(17, 'ReduceMean', 1, true));
    expect(ops(r.model)).toEqual(['kiln.FusedElementwise', 'ReduceMean', 'Relu']);
    expect(misses(r)).toEqual([
      "reduce: kiln.FusedElementwise pow/FusedElementwise's output pow_out has 2 consumers (ReduceMean reduce, Relu relu); fusing it into the reduction would compute it twice",
    ]);
  });

  it('when the axes are computed at run time, or it reduces nothing', () => {
    const b = new GraphBuilder('dynamic');
    const x = b.input('x', 'float32', [3, 4]);
    const axes = b.input('axes', 'int64', [1]);
    b.node('ReduceSum', [b.node('Exp', [x], { name: 'exp' }), axes], { name: 'sum', outputs: ['y'] });
    b.node('ReduceMean', [b.node('Exp', [x], { name: 'exp2' })], { name: 'none', outputs: ['z'], attrs: { noop_with_empty_axes: 1 } });
    b.output('y', 'float32');
    b.output('z', 'float32');
    const r = fuseReduce.run(makeModel(b.build(), { opsetImports: [{ domain: '', version: 18 }] }));
    expect(r.changes.explanations).toEqual([]);
    expect(misses(r)).toEqual(['sum: its axes (axes) are computed at run time', 'none: it has no axes and noop_with_empty_axes = 1: it reduces nothing']);
  });

  it('when nothing elementwise feeds it, silently', () => {
    const b = new GraphBuilder('plain');
    b.node('ReduceSum', [b.node('MatMul', [b.input('a', 'float32', [2, 2]), b.input('b', 'float32', [2, 2])])], { outputs: ['y'] });
    b.output('y', 'float32');
    const r = fuseReduce.run(makeModel(b.build(), { opsetImports: [{ domain: '', version: 18 }] }));
    expect(r.changes.explanations).toEqual([]);
    expect(r.changes.nearMisses).toEqual([]);
  });
});
