// eliminate-identity: every kind of no-op is removed with its own rule and sentence, graph output
// names survive, real work is never removed, and models stay equal in onnxruntime.
import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { bundledModels, lightModels, loadModel } from '../../test-support/models.ts';
import { finalModel, runPipeline } from '../pipeline.ts';
import { PIPELINES } from '../pipelines.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { eliminateIdentity } from './eliminate-identity.ts';

const i64 = (name: string, values: number[]) => tensorFromNumbers(name, 'int64', [values.length], values);
const f32 = (name: string, dims: number[], value: number) => tensorFromNumbers(name, 'float32', dims, Array(dims.reduce((a, b) => a * b, 1)).fill(value));
const messages = (r: ReturnType<typeof eliminateIdentity.run>) => r.changes.explanations.map((e) => e.message);

/** x [2,3] through every kind of no-op (opset 13), then a Relu that does the only work. */
function noOps(): Model {
  const b = new GraphBuilder('noops');
  let v = b.input('x', 'float32', [2, 3]);
  const step = (op: string, inputs: string[], attrs: Record<string, number | number[]> = {}) => (v = b.node(op, [v, ...inputs], { name: op.toLowerCase(), attrs }));
  step('Identity', []);
  step('Dropout', [b.initializer(tensorFromNumbers('ratio', 'float32', [], [0.5])), b.initializer(tensorFromNumbers('training', 'bool', [], [0]))]);
  step('Cast', [], { to: 1 });
  step('Reshape', [b.initializer(i64('shape', [2, 3]))]);
  step('Flatten', [], { axis: 1 });
  step('Expand', [b.initializer(i64('expand_to', [1, 3]))]);
  step('Squeeze', []);
  step('Transpose', [], { perm: [0, 1] });
  step('Pad', [b.initializer(i64('pads', [0, 0, 0, 0]))]);
  step('Slice', [b.initializer(i64('starts', [0])), b.initializer(i64('ends', [2147483647])), b.initializer(i64('axes', [1]))]);
  step('Mul', [b.initializer(f32('one', [], 1))]);
  v = b.node('Add', [b.initializer(f32('zeros', [1, 3], 0)), v], { name: 'add' });
  step('Sub', [b.initializer(f32('zero', [1], 0))]);
  step('Div', [b.initializer(f32('ones', [3], 1))]);
  step('Concat', [], { axis: 0 });
  b.node('Relu', [v], { name: 'relu', outputs: ['y'] });
  b.output('y', 'float32', [2, 3]);
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: 13 }] });
}

describe('eliminate-identity fires', () => {
  it('removes each kind of no-op, saying why', async () => {
    const model = deepFreeze(noOps());
    const r = eliminateIdentity.run(model);
    expect(r.model.graph.nodes.map((n) => `${n.id}(${n.inputs.join(',')})`)).toEqual(['relu(x)']);
    expect(r.changes.explanations.map((e) => e.rule.replace('eliminate-identity/', ''))).toEqual([
      'identity', 'dropout', 'cast-same-type', 'same-shape-reshape', 'same-shape-flatten', 'same-shape-expand', 'same-shape-squeeze', 'transpose-identity',
      'pad-zero', 'slice-everything', 'mul-one', 'add-zero', 'sub-zero', 'div-one', 'concat-single',
    ]);
    expect(messages(r)).toEqual([
      'removed Identity identity: readers of identity_out now read x',
      'removed Dropout dropout (inference mode: it passes its input through): readers of dropout_out now read identity_out',
      'removed Cast cast: dropout_out is already float32; readers of cast_out now read dropout_out',
      'removed Reshape reshape: cast_out already has shape [2,3]; readers of reshape_out now read cast_out',
      'removed Flatten flatten: reshape_out already has shape [2,3]; readers of flatten_out now read reshape_out',
      'removed Expand expand: flatten_out already has shape [2,3]; readers of expand_out now read flatten_out',
      'removed Squeeze squeeze: expand_out already has shape [2,3]; readers of squeeze_out now read expand_out',
      'removed Transpose transpose: perm [0,1] keeps every axis in place; readers of transpose_out now read squeeze_out',
      'removed Pad pad: every pad is 0; readers of pad_out now read transpose_out',
      'removed Slice slice: it takes every element, from the start to the end with step 1; readers of slice_out now read pad_out',
      'removed Mul mul: multiplying by constant one [] = 1 leaves slice_out as it is; readers of mul_out now read slice_out',
      'removed Add add: adding constant zeros [1,3] = [0,0,0] leaves mul_out as it is; readers of add_out now read mul_out',
      'removed Sub sub: subtracting constant zero [1] = [0] leaves add_out as it is; readers of sub_out now read add_out',
      'removed Div div: dividing by constant ones [3] = [1,1,1] leaves sub_out as it is; readers of div_out now read sub_out',
      'removed Concat concat: it has a single input; readers of concat_out now read div_out',
    ]);
    await expectSameOutputs(model, r.model, {});
  });

  it('keeps a graph output name when it removes the node producing it', async () => {
    const b = new GraphBuilder('out');
    const x = b.input('x', 'float32', [4]);
    const e = b.node('Exp', [x], { name: 'exp' });
    b.node('Identity', [e], { name: 'copy', outputs: ['y'] });
    b.output('y', 'float32', [4]);
    const model = makeModel(b.build());
    const r = eliminateIdentity.run(model);
    expect(r.model.graph.nodes.map((n) => `${n.id}: ${n.outputs.join(',')}`)).toEqual(['exp: y']);
    await expectSameOutputs(model, r.model, {});
  });
});

describe('eliminate-identity declines', () => {
  it('says why when removing would break the graph or change a shape, and is silent about real work', () => {
    const b = new GraphBuilder('declines');
    const x = b.input('x', 'float32', [3]);
    const s = b.input('s', 'float32', ['n']);
    b.node('Identity', [x], { name: 'passthrough', outputs: ['y1'] });
    b.node('Mul', [x, b.initializer(f32('one_2d', [1, 1], 1))], { name: 'mul_2d', outputs: ['y2'] });
    b.node('Dropout', [x], { name: 'masked', outputs: ['y3', 'mask'] });
    b.node('Cast', [x], { name: 'to_int', attrs: { to: 7 }, outputs: ['y4'] });
    b.node('Slice', [s, b.initializer(i64('s0', [0])), b.initializer(i64('e2', [2]))], { name: 'slice', outputs: ['y5'] });
    ['y1', 'y2', 'y3', 'mask', 'y4', 'y5'].forEach((o) => b.output(o));
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 13 }] });
    const r = eliminateIdentity.run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses.map((m) => `${m.nodeId}: ${m.reason}`)).toEqual([
      'passthrough: graph output y1 would become x, which no node of this graph computes (a graph input, initializer or outer value); ONNX needs a node between them',
      'mul_2d: the constant has rank 2, more than x (1): broadcasting would add axes',
      'masked: its mask mask is read',
      'slice: it ends at 2 on axis 0, whose size is not known',
    ]);
  });
});

describe('eliminate-identity keeps models equivalent', () => {
  const cases = [...bundledModels(), ...lightModels()].filter((c) => ['silero-vad', 'light_bvlc_alexnet', 'light_vgg19', 'light_squeezenet'].includes(c.id));
  it.each(cases.map((c) => [c.id, c] as const))('%s, after the cleanup pipeline', async (_id, c) => {
    const original = loadModel(c.path);
    const cleaned = finalModel(original, runPipeline(original, PIPELINES.cleanup!.passes));
    const r = eliminateIdentity.run(deepFreeze(cleaned));
    // Each has inference Dropouts or pass-through Identity/Slice nodes.
    expect(r.changes.explanations.length).toBeGreaterThan(0);
    expect(r.model.graph.outputs).toEqual(cleaned.graph.outputs);
    await expectSameOutputs(original, r.model, c, { relL2: 1e-6 });
  });
});

describe('eliminate-identity: a Relu before a Clip (onnxruntime ReluClipFusion)', () => {
  function reluClip(opset: number, lo: number | undefined, extraReader = false): Model {
    const b = new GraphBuilder('relu-clip');
    const r = b.node('Relu', [b.input('x', 'float32', [2, 5])], { name: 'relu' });
    const bounds = opset >= 11 ? [lo === undefined ? '' : b.initializer(f32('lo', [], lo)), b.initializer(f32('hi', [], 6))] : [];
    const attrs = opset >= 11 ? {} : { ...(lo === undefined ? {} : { min: float(lo) }), max: float(6) };
    b.node('Clip', [r, ...bounds], { name: 'clip', outputs: ['y'], attrs });
    b.output('y', 'float32');
    if (extraReader) {
      b.node('Neg', [r], { name: 'neg', outputs: ['z'] });
      b.output('z', 'float32');
    }
    return makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
  }

  it.each([
    [13, -1, 'removed Relu relu: Clip clip after it clips at 0 from below (its lower bound -1 raised to 0), so it now reads x directly'],
    [13, 2, 'removed Relu relu: Clip clip after it clips at 2 from below, so it now reads x directly'],
    [13, undefined, 'removed Relu relu: Clip clip after it clips at 0 from below (its lower bound -Infinity raised to 0), so it now reads x directly'],
    [6, -1, 'removed Relu relu: Clip clip after it clips at 0 from below (its lower bound -1 raised to 0), so it now reads x directly'],
  ])('opset %i, lower bound %s: the Relu goes, onnxruntime agrees', async (opset, lo, message) => {
    const model = deepFreeze(reluClip(opset, lo));
    const r = eliminateIdentity.run(model);
    expect(messages(r)).toEqual([message]);
    expect(r.model.graph.nodes.map((n) => `${n.opType} ${n.id} (${n.inputs[0]})`)).toEqual(['Clip clip (x)']);
    await expectSameOutputs(model, r.model, {}, { relL2: 0 });
  });

  it('keeps a Relu another node also reads', () => {
    const model = reluClip(13, -1, true);
    expect(eliminateIdentity.run(model).model).toBe(model);
  });
});
