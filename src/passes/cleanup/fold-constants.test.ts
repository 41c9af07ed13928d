// fold-constants: it fires (node lists and explanation text), it declines with its reasons, it
// never mutates or grows its input, and every model runs the same in onnxruntime afterwards.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorData, tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { bundledModels, lightModels, loadModel } from '../../test-support/models.ts';
import { deepFreeze, expectSameOutputs, weightChecksum } from '../testing/support.ts';
import { foldConstants } from './fold-constants.ts';

const bundled = (id: string) => bundledModels().find((c) => c.id === id)!;
const ids = (m: Model) => m.graph.nodes.map((n) => n.id);
const messages = (r: ReturnType<typeof foldConstants.run>) => r.changes.explanations.map((e) => e.message);
const reasons = (r: ReturnType<typeof foldConstants.run>) => r.changes.nearMisses.map((m) => m.reason);
const int64 = (name: string, values: number[], dims = [values.length]) => tensorFromNumbers(name, 'int64', dims, values);

describe('fold-constants fires', () => {
  it('folds the MLP Constant -> Transpose into an initializer and leaves the Constant unread', async () => {
    const c = bundled('mlp');
    const model = deepFreeze(loadModel(c.path));
    const checksum = weightChecksum(model);
    const r = foldConstants.run(model);
    expect(ids(r.model)).toEqual(['fc1/MatMul', 'fc1/Add', 'relu1', 'fc2/weight_t', 'fc2/MatMul', 'fc2/Add', 'relu2', 'head/Gemm']);
    expect(messages(r)).toEqual(['folded Transpose fc2/Transpose (perm=[1,0]) of constant fc2/weight_t_out [64,128] into initializer fc2/Transpose_out [128,64]']);
    expect(r.changes).toMatchObject({ removed: ['fc2/Transpose'], added: [], rewired: [], initializersAdded: ['fc2/Transpose_out'], nearMisses: [] });
    // Pure: the input is untouched, unchanged nodes and weights are the very same objects.
    expect(weightChecksum(model)).toBe(checksum);
    expect(r.model.graph.nodes[0]).toBe(model.graph.nodes[0]);
    expect(r.model.graph.initializers.slice(0, -1)).toEqual(model.graph.initializers);
    r.model.graph.initializers.slice(0, -1).forEach((t, i) => expect(t).toBe(model.graph.initializers[i]));
    await expectSameOutputs(model, r.model, c);
  });

  it('folds the transformer head-reshape chains once shapes are static', async () => {
    const c = bundled('transformer');
    const model = deepFreeze(loadModel(c.path));
    const r = foldConstants.run(model);
    expect(r.changes.removed).toEqual(['attn.q/Concat', 'attn.k/Concat', 'attn.v/Concat']);
    expect(messages(r)[0]).toBe(
      'folded Concat attn.q/Concat (axis=0) of constant attn.q/Unsqueeze_out [1] = [1], constant attn.q/Unsqueeze_1_out [1] = [16], constant attn.q.heads [2] = [4,16], ' +
        'computed from the static shape of attn.q/Add_out [1,16,64] through Shape attn.q/Shape, Gather attn.q/Gather, Unsqueeze attn.q/Unsqueeze, Gather attn.q/Gather_1 and 1 more ' +
        'into initializer attn.q/Concat_out [4] = [1,16,4,16]',
    );
    expect(r.changes.explanations[0]!.matched).toEqual(['attn.q/Concat', 'attn.q/Shape', 'attn.q/Gather', 'attn.q/Unsqueeze', 'attn.q/Gather_1', 'attn.q/Unsqueeze_1']);
    const target = r.model.graph.initializers.find((t) => t.name === 'attn.q/Concat_out')!;
    expect(Array.from(tensorData(target), Number)).toEqual([1, 16, 4, 16]);
    await expectSameOutputs(model, r.model, c);
  });

  it('folds Shape chains whose shapes the model declares (graph input and value_info)', async () => {
    const b = new GraphBuilder('declared');
    const x = b.input('x', 'float32', [2, 3, 4]);
    const y = b.node('Relu', [x], { name: 'relu' });
    b.valueInfo.push({ name: y, type: { kind: 'tensor', dtype: 'float32', shape: [2, 3, 4] } });
    const shape = b.node('Shape', [y], { name: 'shape' });
    const last = b.node('Gather', [shape, b.initializer(int64('two', [2], []))], { name: 'last', attrs: { axis: 0 } });
    const lastDim = b.node('Unsqueeze', [last, b.initializer(int64('zero', [0]))], { name: 'unsqueeze' });
    const target = b.node('Concat', [b.initializer(int64('minus_one', [-1])), lastDim], { name: 'concat', attrs: { axis: 0 } });
    b.node('Reshape', [y, target], { name: 'reshape', outputs: ['out'] });
    b.output('out', 'float32', [6, 4]);
    const model = deepFreeze(makeModel(b.build()));
    const r = foldConstants.run(model);
    expect(ids(r.model)).toEqual(['relu', 'shape', 'last', 'unsqueeze', 'reshape']);
    expect(messages(r)).toEqual([
      'folded Concat concat (axis=0) of constant minus_one [1] = [-1], constant unsqueeze_out [1] = [4], computed from the static shape of relu_out [2,3,4] through Shape shape, Gather last, Unsqueeze unsqueeze into initializer concat_out [2] = [-1,4]',
    ]);
    await expectSameOutputs(model, r.model, {});
  });

  it('turns a Constant that a staying node reads into an initializer without copying its bytes', async () => {
    const b = new GraphBuilder('constant');
    const x = b.input('x', 'float32', [2]);
    const value = tensorFromNumbers('v', 'float32', [2], [0.5, -1.25]);
    const c = b.node('Constant', [], { name: 'c', attrs: { value }, outputs: ['w'] });
    b.node('Mul', [x, c], { name: 'mul', outputs: ['y'] });
    b.output('y');
    const model = deepFreeze(makeModel(b.build()));
    const r = foldConstants.run(model);
    expect(ids(r.model)).toEqual(['mul']);
    expect(messages(r)).toEqual(['Constant c became initializer w [2] = [0.5,-1.25]']);
    expect(r.model.graph.initializers[0]!.data).toBe(value.data);
    await expectSameOutputs(model, r.model, {});
  });

  it('keeps a graph output name when the output itself folds', async () => {
    const b = new GraphBuilder('output');
    const x = b.input('x', 'float32', [3, 5]);
    b.node('Shape', [x], { name: 'shape', outputs: ['dims'] });
    b.output('dims', 'int64', [2]);
    b.node('Relu', [x], { name: 'relu', outputs: ['y'] });
    b.output('y', 'float32', [3, 5]);
    const model = makeModel(b.build());
    const r = foldConstants.run(model);
    expect(r.model.graph.outputs.map((o) => o.name)).toEqual(['dims', 'y']);
    expect(r.model.graph.initializers.map((t) => t.name)).toEqual(['dims']);
    await expectSameOutputs(model, r.model, {});
  });

  it('folds inside If branches, with the enclosing constants in view', async () => {
    const branch = (name: string, perm: number[]) => {
      const g = new GraphBuilder(name);
      const t = g.node('Transpose', ['w'], { name: `${name}/transpose`, attrs: { perm } });
      g.node('MatMul', ['x', t], { name: `${name}/matmul`, outputs: [`${name}_y`] });
      g.output(`${name}_y`, 'float32');
      return g.build();
    };
    const b = new GraphBuilder('with_if');
    b.input('x', 'float32', [2, 4]);
    b.input('flag', 'bool', []);
    b.initializer(tensorFromNumbers('w', 'float32', [4, 4], Array.from({ length: 16 }, (_, i) => i / 7 - 1)));
    b.node('If', ['flag'], { name: 'if', attrs: { then_branch: branch('then', [1, 0]), else_branch: branch('else', [0, 1]) }, outputs: ['y'] });
    b.output('y', 'float32', [2, 4]);
    const model = deepFreeze(makeModel(b.build()));
    const r = foldConstants.run(model);
    expect(r.changes.removed).toEqual(['then/transpose', 'else/transpose']);
    expect(r.changes.rewired).toEqual(['if']);
    expect(messages(r)[0]).toBe('folded Transpose then/transpose (perm=[1,0]) of constant w [4,4] into initializer then/transpose_out [4,4]');
    for (const flag of [0, 1]) {
      await expectSameOutputs(model, r.model, { entry: { id: '', file: '', name: '', description: '', source: '', license: '', inputs: [{ name: 'flag', shape: [], values: [flag] }] } });
    }
  });
});

describe('fold-constants declines', () => {
  it('does not materialize a ConstantOfShape larger than its inputs (and never computes it)', () => {
    const b = new GraphBuilder('big');
    const x = b.input('x', 'float32', [1024, 1024]);
    const zeros = b.node('ConstantOfShape', [b.initializer(int64('dims', [1024, 1024]))], { name: 'c1' });
    b.node('Add', [x, zeros], { name: 'add', outputs: ['y'] });
    b.output('y');
    const model = makeModel(b.build());
    const r = foldConstants.run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses).toEqual([{ rule: 'fold-constants/size-guard', nodeId: 'c1', reason: 'ConstantOfShape c1: result 4.0 MiB would be larger than its inputs (16 B); not folded' }]);
  });

  it('does not duplicate a weight that stays in use elsewhere', () => {
    const b = new GraphBuilder('shared');
    const x = b.input('x', 'float32', [2, 32]);
    const w = b.initializer(tensorFromNumbers('w', 'float32', [32, 64], Array.from({ length: 2048 }, (_, i) => (i % 13) / 13)));
    const wt = b.node('Transpose', [w], { name: 'wt', attrs: { perm: [1, 0] } });
    const h = b.node('MatMul', [x, w], { name: 'mm' });
    b.node('MatMul', [h, wt], { name: 'mm2', outputs: ['y'] });
    b.output('y');
    const r = foldConstants.run(makeModel(b.build()));
    expect(r.changes.removed).toEqual([]);
    expect(reasons(r)).toEqual(['Transpose wt: result 8.0 KiB would be larger than the constants it leaves unused (0 B); not folded']);
  });

  it('says why Shape of a dynamic value, ops without an evaluator, random ops and other domains stay', () => {
    const b = new GraphBuilder('misses');
    const x = b.input('x', 'float32', ['batch', 3]);
    b.node('Shape', [x], { name: 's', outputs: ['dims'] });
    b.output('dims');
    b.node('Softmax', [b.initializer(tensorFromNumbers('logits', 'float32', [3], [1, 2, 3]))], { name: 'sm', outputs: ['p'] });
    b.output('p');
    b.node('RandomNormal', [], { name: 'rand', attrs: { shape: [2] }, outputs: ['noise'] });
    b.output('noise');
    b.node('FastGelu', [b.initializer(tensorFromNumbers('g', 'float32', [2], [0, 1]))], { name: 'gelu', domain: 'com.microsoft', outputs: ['gy'] });
    b.output('gy');
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }] });
    const r = foldConstants.run(model);
    expect(r.model).toBe(model);
    expect(reasons(r)).toEqual([
      'Shape s: the shape of x is not static ([batch,3])',
      'Softmax sm: the CPU evaluator has no Softmax',
      'RandomNormal rand: random ops are never folded',
      "FastGelu gelu: ops of domain 'com.microsoft' are not folded",
    ]);
  });

  it('treats an initializer that is also a graph input as an overridable default, not a constant', () => {
    const b = new GraphBuilder('override');
    b.initializer(tensorFromNumbers('w', 'float32', [2, 2], [1, 2, 3, 4]));
    b.node('Transpose', ['w'], { name: 't', outputs: ['y'] });
    b.output('y');
    const g = b.build();
    const model = makeModel({ ...g, inputs: [{ name: 'w', type: { kind: 'tensor', dtype: 'float32', shape: [2, 2] } }] });
    expect(foldConstants.run(model).model).toBe(model);
    // Before IR version 4 every initializer is listed as an input and all are constants.
    expect(foldConstants.run({ ...model, irVersion: 3 }).changes.removed).toEqual(['t']);
  });
});

describe('fold-constants keeps every model equivalent and no larger', () => {
  const cases = [...bundledModels(), ...lightModels()];
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const model = deepFreeze(loadModel(c.path));
    const r = foldConstants.run(model);
    // A pass that changes nothing returns its input itself; only changed models need the oracle.
    if (r.model === model) expect(r.changes.removed).toEqual([]);
    else await expectSameOutputs(model, r.model, c);
  });

  it('declines the light CNNs\u2019 ConstantOfShape weights: folding them would grow the model', () => {
    for (const c of lightModels()) {
      const model = loadModel(c.path);
      const r = foldConstants.run(model);
      const generators = model.graph.nodes.filter((n) => n.opType === 'ConstantOfShape');
      const guarded = r.changes.nearMisses.filter((m) => m.rule === 'fold-constants/size-guard').map((m) => m.nodeId);
      expect(guarded, c.id).toEqual(generators.map((n) => n.id));
      expect(r.model.graph.nodes.filter((n) => n.opType === 'ConstantOfShape'), c.id).toHaveLength(generators.length);
    }
  });
});
