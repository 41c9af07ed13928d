// Control flow, model-local functions and opset differences, checked against onnxruntime: each
// small model runs in onnxruntime and its outputs' dims and dtypes must equal the inferred ones.
import { describe, expect, it } from 'vitest';
import { float, GraphBuilder, makeModel } from '../builder.ts';
import { tensorFromNumbers } from '../tensor.ts';
import type { FunctionDef, Graph, Model, Tensor } from '../types.ts';
import { randomInputs } from '../../reference/random-inputs.ts';
import { inferShapes, type InferOptions } from './infer-shapes.ts';
import { formatType, ortOutputTypes } from './testing/ort-types.ts';

const i64 = (name: string, values: number[]) => tensorFromNumbers(name, 'int64', [values.length], values);
const scalar = (name: string, dtype: 'int64' | 'bool', v: number) => tensorFromNumbers(name, dtype, [], [v]);

/** Inferred output types equal onnxruntime's for the given inputs (random where not given). */
async function expectAgreesWithOrt(model: Model, given: Tensor[] = [], options: InferOptions = {}): Promise<Record<string, string>> {
  const { types, diagnostics } = inferShapes(model, options);
  expect(diagnostics).toEqual([]);
  const inputs = randomInputs(model.graph, { seed: 1 }).map((t) => given.find((g) => g.name === t.name) ?? t);
  const actual = await ortOutputTypes(model, inputs);
  const inferred = Object.fromEntries(model.graph.outputs.map((o) => [o.name, formatType(types.get(o.name))]));
  expect(inferred).toEqual(actual);
  return inferred;
}

function branch(name: string, build: (b: GraphBuilder) => string): Graph {
  const b = new GraphBuilder(name);
  b.output(build(b));
  return b.build();
}

describe('control flow', () => {
  const ifModel = () => {
    const b = new GraphBuilder();
    b.input('cond', 'bool', []);
    b.input('x', 'float32', [2, 3]);
    b.initializer(i64('wide', [2, 5]));
    const thenBranch = branch('then', (g) => g.node('Relu', ['x'], { name: 'then_relu' }));
    const elseBranch = branch('else', (g) => g.node('Expand', ['x_col', 'wide'], { name: 'else_expand' }));
    b.node('Slice', ['x', 'start', 'end', 'axis'], { outputs: ['x_col'] });
    b.initializer(i64('start', [0]));
    b.initializer(i64('end', [1]));
    b.initializer(i64('axis', [1]));
    b.node('If', ['cond'], { attrs: { then_branch: thenBranch, else_branch: elseBranch }, outputs: ['y'] });
    b.output('y');
    return makeModel(b.build());
  };

  it('If merges its branches where the condition is unknown', () => {
    const { types, diagnostics } = inferShapes(ifModel());
    expect(diagnostics).toEqual([]);
    expect(formatType(types.get('y'))).toMatch(/^float32\[2,unk_\d+\]$/);
    expect(formatType(types.get('then_relu_out'))).toBe('float32[2,3]');
    expect(formatType(types.get('else_expand_out'))).toBe('float32[2,5]');
  });

  it('If takes the branch a known condition selects', async () => {
    for (const cond of [1, 0]) {
      const c = scalar('cond', 'bool', cond);
      await expectAgreesWithOrt(ifModel(), [c], { inputValues: { cond: c } });
    }
  });

  it('Loop stacks scan outputs over a known trip count and carries values', async () => {
    const body = new GraphBuilder('body');
    body.input('i', 'int64', []);
    body.input('cond_in', 'bool', []);
    body.input('acc', 'float32', [3]);
    body.node('Identity', ['cond_in'], { outputs: ['cond_out'] });
    body.node('Add', ['acc', 'x'], { outputs: ['acc_out'] });
    body.node('Unsqueeze', ['acc_out', 'axes'], { outputs: ['row'] });
    for (const o of ['cond_out', 'acc_out', 'row']) body.output(o);
    const b = new GraphBuilder();
    b.input('x', 'float32', [3]);
    b.initializer(scalar('trips', 'int64', 4));
    b.initializer(scalar('go', 'bool', 1));
    b.initializer(i64('axes', [0]));
    b.node('Loop', ['trips', 'go', 'x'], { attrs: { body: body.build() }, outputs: ['final', 'rows'] });
    b.output('final');
    b.output('rows');
    const inferred = await expectAgreesWithOrt(makeModel(b.build()));
    expect(inferred.rows).toBe('float32[4,1,3]');
  });

  it('Scan slices its inputs along the scan axis and stacks the outputs', async () => {
    const body = new GraphBuilder('body');
    body.input('sum_in', 'float32', [2]);
    body.input('row', 'float32', [2]);
    body.node('Add', ['sum_in', 'row'], { outputs: ['sum_out'] });
    body.node('Mul', ['row', 'row'], { outputs: ['square'] });
    body.output('sum_out');
    body.output('square');
    const b = new GraphBuilder();
    b.input('init', 'float32', [2]);
    b.input('xs', 'float32', [2, 5]);
    b.node('Scan', ['init', 'xs'], { attrs: { body: body.build(), num_scan_inputs: 1, scan_input_axes: [1], scan_output_axes: [1] }, outputs: ['total', 'squares'] });
    b.output('total');
    b.output('squares');
    const inferred = await expectAgreesWithOrt(makeModel(b.build(), { opsetImports: [{ domain: '', version: 16 }] }));
    expect(inferred.squares).toBe('float32[2,5]');
  });
});

describe('model-local functions', () => {
  it('infers a call by inferring the body with the call\'s types and attributes', async () => {
    const shapeConst = { name: 'value', type: 'tensor' as const, value: i64('', [-1, 6]) };
    const fn: FunctionDef = {
      name: 'FlattenLeaky',
      domain: 'kiln',
      inputs: ['a'],
      outputs: ['out'],
      attributes: ['alpha'],
      attributeDefaults: [],
      opsetImports: [{ domain: '', version: 17 }],
      valueInfo: [],
      nodes: [
        { id: 'shape', name: 'shape', opType: 'Constant', domain: '', inputs: [], outputs: ['s'], attributes: [shapeConst] },
        { id: 'reshape', name: 'reshape', opType: 'Reshape', domain: '', inputs: ['a', 's'], outputs: ['r'], attributes: [] },
        { id: 'leaky', name: 'leaky', opType: 'LeakyRelu', domain: '', inputs: ['r'], outputs: ['out'], attributes: [{ name: 'alpha', type: 'undefined', value: null, refAttrName: 'alpha' }] },
      ],
    };
    const b = new GraphBuilder();
    b.input('x', 'float32', [4, 2, 3]);
    b.node('FlattenLeaky', ['x'], { domain: 'kiln', attrs: { alpha: float(0.2) }, outputs: ['y'] });
    b.output('y');
    const model = makeModel(b.build(), { functions: [fn], opsetImports: [{ domain: '', version: 17 }, { domain: 'kiln', version: 1 }] });
    const inferred = await expectAgreesWithOrt(model);
    expect(inferred.y).toBe('float32[4,6]');
  });
  it('passes a call\'s known output values back (a fused shape computation feeding Reshape)', async () => {
    const fn: FunctionDef = {
      name: 'ShapeOf',
      domain: 'kiln',
      inputs: ['a'],
      outputs: ['out'],
      attributes: [],
      attributeDefaults: [],
      opsetImports: [{ domain: '', version: 17 }],
      valueInfo: [],
      nodes: [
        { id: 'shape', name: 'shape', opType: 'Shape', domain: '', inputs: ['a'], outputs: ['s'], attributes: [] },
        { id: 'keep', name: 'keep', opType: 'Identity', domain: '', inputs: ['s'], outputs: ['out'], attributes: [] },
      ],
    };
    const b = new GraphBuilder();
    b.input('x', 'float32', [3, 4]);
    b.input('z', 'float32', [12]);
    b.node('ShapeOf', ['x'], { domain: 'kiln', outputs: ['target'] });
    b.node('Reshape', ['z', 'target'], { outputs: ['y'] });
    b.output('y');
    const model = makeModel(b.build(), { functions: [fn], opsetImports: [{ domain: '', version: 17 }, { domain: 'kiln', version: 1 }] });
    const inferred = await expectAgreesWithOrt(model);
    expect(inferred.y).toBe('float32[3,4]');
  });
});

describe('opset differences', () => {
  /** Unsqueeze, ReduceSum and Split took axes/sizes as attributes before opset 13, inputs after. */
  function axesModel(opset: number): Model {
    const b = new GraphBuilder();
    b.input('x', 'float32', [4, 6]);
    const asInputs = opset >= 13;
    if (asInputs) {
      b.initializer(i64('axes', [0]));
      b.initializer(i64('sizes', [2, 4]));
    }
    b.node('Unsqueeze', asInputs ? ['x', 'axes'] : ['x'], { attrs: asInputs ? {} : { axes: [0] }, outputs: ['u'] });
    b.node('ReduceSum', asInputs ? ['x', 'axes'] : ['x'], { attrs: asInputs ? { keepdims: 0 } : { axes: [0], keepdims: 0 }, outputs: ['r'] });
    b.node('Split', asInputs ? ['x', 'sizes'] : ['x'], { attrs: asInputs ? { axis: 1 } : { axis: 1, split: [2, 4] }, outputs: ['s0', 's1'] });
    for (const o of ['u', 'r', 's0', 's1']) b.output(o);
    return makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
  }

  it.each([11, 13, 18])('opset %i', async (opset) => {
    const inferred = await expectAgreesWithOrt(axesModel(opset));
    expect(inferred).toEqual({ u: 'float32[1,4,6]', r: 'float32[6]', s0: 'float32[4,2]', s1: 'float32[4,4]' });
  });

  it('Split into equal parts with num_outputs (opset 18) and uneven last part', async () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [7, 2]);
    b.node('Split', ['x'], { attrs: { axis: 0, num_outputs: 3 }, outputs: ['a', 'b', 'c'] });
    for (const o of ['a', 'b', 'c']) b.output(o);
    const inferred = await expectAgreesWithOrt(makeModel(b.build(), { opsetImports: [{ domain: '', version: 18 }] }));
    expect(inferred).toEqual({ a: 'float32[3,2]', b: 'float32[3,2]', c: 'float32[1,2]' });
  });
});
