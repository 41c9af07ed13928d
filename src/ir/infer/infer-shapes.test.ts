// The inference driver: diagnostics instead of crashes, option handling, declared types, and
// symbolic reshapes. Control flow, functions and opset differences are in infer-graphs.test.ts.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../builder.ts';
import { isInputError } from '../errors.ts';
import { tensorFromNumbers } from '../tensor.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { inferShapes } from './infer-shapes.ts';
import { formatType } from './testing/ort-types.ts';

const i64 = (name: string, values: number[]) => tensorFromNumbers(name, 'int64', [values.length], values);

describe('inferShapes diagnostics', () => {
  it('leaves outputs of an unknown op untyped and names the node, without throwing', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [2, 3]);
    const y = b.node('Mystery', ['x'], { name: 'mystery', domain: 'my.ops' });
    b.node('Relu', [y], { name: 'relu', outputs: ['z'] });
    b.output('z');
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: 'my.ops', version: 1 }] });
    const { types, diagnostics } = inferShapes(model);
    expect(types.get(y)).toBeUndefined();
    expect(types.get('z')).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', nodeId: 'mystery' });
    expect(diagnostics[0]!.message).toContain('my.ops.Mystery');
  });

  it('reports MatMul inner dims that differ as an error naming the node and the dims', () => {
    const b = new GraphBuilder();
    b.input('a', 'float32', [2, 3]);
    b.input('w', 'float32', [4, 5]);
    b.node('MatMul', ['a', 'w'], { name: 'mm', outputs: ['y'] });
    b.output('y');
    const { types, diagnostics } = inferShapes(makeModel(b.build()));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', nodeId: 'mm' });
    expect(diagnostics[0]!.message).toMatch(/\[2,3\].*\[4,5\]/);
    expect(types.get('y')).toBeUndefined();
  });

  it('uses a declared type where no rule applies, and warns when a declaration contradicts inference', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [2, 3]);
    b.node('Mystery', ['x'], { name: 'mystery', domain: 'my.ops', outputs: ['m'] });
    b.node('Relu', ['m'], { name: 'relu', outputs: ['r'] });
    b.node('Transpose', ['x'], { name: 'transpose', outputs: ['t'] });
    b.valueInfo.push({ name: 'm', type: { kind: 'tensor', dtype: 'float32', shape: [2, 'n'] } });
    b.valueInfo.push({ name: 't', type: { kind: 'tensor', dtype: 'float32', shape: [2, 3] } });
    b.output('r');
    b.output('t');
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: 'my.ops', version: 1 }] });
    const { types, diagnostics } = inferShapes(model);
    expect(formatType(types.get('r'))).toBe('float32[2,n]');
    expect(formatType(types.get('t'))).toBe('float32[3,2]');
    expect(diagnostics.find((d) => d.nodeId === 'transpose')?.message).toMatch(/\[3,2\].*declares \[2,3\]/);
  });
});

describe('inferShapes options', () => {
  const mlp = () => loadModel(bundledModels().find((c) => c.id === 'mlp')!.path);

  it('overrides input shapes', () => {
    const { types } = inferShapes(mlp(), { inputShapes: { x: [3, 784] } });
    expect(formatType(types.get('logits'))).toBe('float32[3,10]');
  });

  it('rejects overrides naming no graph input, or with bad dims, in one line', () => {
    const attempt = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const unknown = attempt(() => inferShapes(mlp(), { inputShapes: { image: [1, 784] } }));
    expect(isInputError(unknown)).toBe(true);
    expect((unknown as Error).message).toBe("inputShapes names 'image', which is not a graph input (inputs: x)");
    const negative = attempt(() => inferShapes(mlp(), { inputShapes: { x: [-1, 784] } }));
    expect(isInputError(negative)).toBe(true);
  });

  it('takes a known input value as that input\'s shape and value', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [6]);
    b.input('shape', 'int64', [null]);
    b.node('Reshape', ['x', 'shape'], { outputs: ['y'] });
    b.output('y');
    const model = makeModel(b.build());
    // Without the value not even the rank is known (the shape input's length is unknown).
    expect(formatType(inferShapes(model).types.get('y'))).toBe('float32[*]');
    expect(formatType(inferShapes(model, { inputValues: { shape: i64('shape', [2, -1]) } }).types.get('y'))).toBe('float32[2,3]');
  });
});

describe('symbolic reshapes', () => {
  it('divides symbolic products for -1 and copies dims for 0', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', ['batch', 16, 64]);
    b.initializer(i64('flat', [-1, 64]));
    b.initializer(i64('keep', [0, 0, 4, -1]));
    b.initializer(i64('split', [0, 4, -1]));
    b.node('Reshape', ['x', 'flat'], { outputs: ['y'] });
    b.node('Reshape', ['x', 'keep'], { outputs: ['z'] });
    b.node('Reshape', ['y', 'split'], { outputs: ['w'] });
    b.output('z');
    b.output('w');
    const { types, diagnostics } = inferShapes(makeModel(b.build()));
    expect(diagnostics).toEqual([]);
    expect(formatType(types.get('y'))).toBe('float32[16*batch,64]');
    expect(formatType(types.get('z'))).toBe('float32[batch,16,4,16]');
    expect(formatType(types.get('w'))).toBe('float32[16*batch,4,16]');
  });

  it('follows Shape -> Gather -> Concat -> Reshape with a symbolic batch', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', ['batch', 8, 6]);
    b.initializer(tensorFromNumbers('zero', 'int64', [], [0]));
    b.initializer(i64('axes', [0]));
    b.initializer(i64('tail', [2, 24]));
    const shape = b.node('Shape', ['x']);
    const n = b.node('Gather', [shape, 'zero'], { attrs: { axis: 0 } });
    const n1 = b.node('Unsqueeze', [n, 'axes']);
    const target = b.node('Concat', [n1, 'tail'], { attrs: { axis: 0 } });
    b.node('Reshape', ['x', target], { outputs: ['y'] });
    b.output('y');
    const { types, diagnostics } = inferShapes(makeModel(b.build(), { opsetImports: [{ domain: '', version: 13 }] }));
    expect(diagnostics).toEqual([]);
    expect(formatType(types.get('y'))).toBe('float32[batch,2,24]');
  });
});

describe('value propagation through shape computations', () => {
  it('carries symbolic dims through Shape, Slice, Gather, Mul, Concat and into Reshape, Expand, ConstantOfShape, Range', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', ['batch', 'seq', 64]);
    b.input('row', 'float32', [1, 1, 64]);
    for (const [name, v] of [['zero', 0], ['one', 1]] as const) b.initializer(tensorFromNumbers(name, 'int64', [], [v]));
    b.initializer(i64('axes', [0]));
    b.initializer(i64('from', [0]));
    b.initializer(i64('to', [2]));
    b.initializer(i64('heads', [4, 16]));
    b.initializer(i64('width', [64]));
    const shape = b.node('Shape', ['x']);
    const lead = b.node('Slice', [shape, 'from', 'to']);
    b.node('Reshape', ['x', b.node('Concat', [lead, 'heads'], { attrs: { axis: 0 } })], { outputs: ['split'] });
    const tokens = b.node('Mul', [b.node('Gather', [shape, 'zero']), b.node('Gather', [shape, 'one'])]);
    b.node('Reshape', ['x', b.node('Concat', [b.node('Unsqueeze', [tokens, 'axes']), 'width'], { attrs: { axis: 0 } })], { outputs: ['flat'] });
    b.node('Expand', ['row', shape], { outputs: ['expanded'] });
    b.node('ConstantOfShape', [shape], { outputs: ['zeros'] });
    b.node('Range', ['zero', b.node('Gather', [shape, 'one']), 'one'], { outputs: ['positions'] });
    for (const o of ['split', 'flat', 'expanded', 'zeros', 'positions']) b.output(o);
    const { types, diagnostics } = inferShapes(makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] }));
    expect(diagnostics).toEqual([]);
    expect(formatType(types.get('split'))).toBe('float32[batch,seq,4,16]');
    expect(formatType(types.get('flat'))).toBe('float32[batch*seq,64]');
    expect(formatType(types.get('expanded'))).toBe('float32[batch,seq,64]');
    expect(formatType(types.get('zeros'))).toBe('float32[batch,seq,64]');
    expect(formatType(types.get('positions'))).toBe('int64[seq]');
  });
});
