// eliminate-dead-code: removes what never reaches an output (iteratively), keeps graph inputs and
// values read only inside subgraphs, never mutates its input, and keeps every model equivalent.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Graph, Model } from '../../ir/types.ts';
import { bundledModels, lightModels, loadModel } from '../../test-support/models.ts';
import { deepFreeze, expectSameOutputs, weightChecksum } from '../testing/support.ts';
import { eliminateDeadCode } from './eliminate-dead-code.ts';
import { fuseElementwise } from '../fusion/fuse-elementwise.ts';
import { fuseReduce } from '../fusion/fuse-reduce.ts';
import { foldConstants } from './fold-constants.ts';

const ids = (g: Graph) => g.nodes.map((n) => n.id);
const messages = (r: ReturnType<typeof eliminateDeadCode.run>) => r.changes.explanations.map((e) => e.message);
/** Lists an initializer as a graph input too (the builder refuses a name twice). */
const withInput = (g: Graph, name: string, shape: number[]): Graph => ({ ...g, inputs: [...g.inputs, { name, type: { kind: 'tensor', dtype: 'float32', shape } }] });
const f32 = (name: string, dims: number[]) => tensorFromNumbers(name, 'float32', dims, Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => i / 3));

describe('eliminate-dead-code fires', () => {
  it('removes the MLP Constant that folding left unread', async () => {
    const c = bundledModels().find((m) => m.id === 'mlp')!;
    const original = loadModel(c.path);
    const folded = deepFreeze(foldConstants.run(original).model);
    const checksum = weightChecksum(folded);
    const r = eliminateDeadCode.run(folded);
    expect(ids(r.model.graph)).toEqual(['fc1/MatMul', 'fc1/Add', 'relu1', 'fc2/MatMul', 'fc2/Add', 'relu2', 'head/Gemm']);
    expect(messages(r)).toEqual(['removed Constant fc2/weight_t: its output fc2/weight_t_out is never read']);
    expect(r.changes).toMatchObject({ removed: ['fc2/weight_t'], added: [], rewired: [], initializersRemoved: [] });
    expect(weightChecksum(folded)).toBe(checksum);
    r.model.graph.nodes.forEach((n) => expect(n).toBe(folded.graph.nodes.find((m) => m.id === n.id)));
    expect(r.model.graph.initializers).toBe(folded.graph.initializers);
    await expectSameOutputs(original, r.model, c);
  });

  it('removes dead chains and unread initializers in one run, saying why', () => {
    const b = new GraphBuilder('dead');
    const x = b.input('x', 'float32', [2]);
    const a = b.node('Neg', [x], { name: 'a' });
    const d = b.node('Mul', [a, b.initializer(f32('scale', [2]))], { name: 'b' });
    b.node('Split', [d], { name: 'c', outputs: ['c0', 'c1'], attrs: { axis: 0 } });
    b.initializer(f32('unused', [3]));
    b.node('Relu', [x], { name: 'live', outputs: ['y'] });
    b.output('y');
    const model = deepFreeze(makeModel(b.build()));
    const r = eliminateDeadCode.run(model);
    expect(ids(r.model.graph)).toEqual(['live']);
    expect(r.model.graph.initializers).toEqual([]);
    expect(messages(r)).toEqual([
      'removed Neg a: its output a_out only feeds nodes that are removed too',
      'removed Mul b: its output b_out only feeds nodes that are removed too',
      'removed Split c: its outputs c0, c1 are never read',
      'removed initializer scale [2] = [0,0.33333334] (8 B): nothing reads it',
      'removed initializer unused [3] = [0,0.33333334,0.6666667] (12 B): nothing reads it',
    ]);
    expect(r.changes.removed).toEqual(['a', 'b', 'c']);
    expect(r.changes.initializersRemoved).toEqual(['scale', 'unused']);
  });

  it('removes dead nodes inside If branches but keeps outer values only a branch reads', async () => {
    const branch = (name: string) => {
      const g = new GraphBuilder(name);
      g.node('Exp', ['x'], { name: `${name}/dead` });
      g.node('Add', ['x', 'outer'], { name: `${name}/add`, outputs: [`${name}_y`] });
      g.output(`${name}_y`, 'float32');
      return g.build();
    };
    const b = new GraphBuilder('with_if');
    const x = b.input('x', 'float32', [3]);
    b.input('flag', 'bool', []);
    b.node('Abs', [x], { name: 'outer_only', outputs: ['outer'] });
    b.node('If', ['flag'], { name: 'if', attrs: { then_branch: branch('then'), else_branch: branch('else') }, outputs: ['y'] });
    b.output('y', 'float32', [3]);
    const model = deepFreeze(makeModel(b.build()));
    const r = eliminateDeadCode.run(model);
    expect(ids(r.model.graph)).toEqual(['outer_only', 'if']);
    expect(r.changes.removed).toEqual(['then/dead', 'else/dead']);
    expect(r.changes.rewired).toEqual(['if']);
    await expectSameOutputs(model, r.model, { entry: { id: '', file: '', name: '', description: '', source: '', license: '', inputs: [{ name: 'flag', shape: [], values: [1] }] } });
  });

  it('before IR version 4, removes an unread initializer together with its graph input entry', () => {
    const b = new GraphBuilder('ir3');
    b.input('x', 'float32', [1]);
    b.initializer(f32('old', [2]));
    b.node('Relu', ['x'], { name: 'r', outputs: ['y'] });
    b.output('y');
    const g = withInput(b.build(), 'old', [2]);
    const model: Model = { ...makeModel(g), irVersion: 3 };
    const r = eliminateDeadCode.run(model);
    expect(r.model.graph.inputs.map((v) => v.name)).toEqual(['x']);
    expect(messages(r)).toEqual(['removed initializer old [2] = [0,0.33333334] (8 B) (with its graph input entry, which IR version 3 requires for every initializer): nothing reads it']);
  });
});

describe('eliminate-dead-code declines', () => {
  it('keeps unread graph inputs, and since IR 4 the initializers that are their defaults', () => {
    const b = new GraphBuilder('inputs');
    b.input('x', 'float32', [1]);
    b.input('spare', 'float32', [1]);
    b.initializer(f32('w', [2]));
    b.node('Relu', ['x'], { name: 'r', outputs: ['y'] });
    b.output('y');
    const model = makeModel(withInput(b.build(), 'w', [2]));
    const r = eliminateDeadCode.run(model);
    expect(r.model).toBe(model);
    expect(r.changes.nearMisses).toEqual([
      { rule: 'eliminate-dead-code/unused-input', nodeId: '', value: 'spare', reason: "kept graph input spare although nothing reads it: inputs are part of the model's interface" },
      { rule: 'eliminate-dead-code/unused-input', nodeId: '', value: 'w', reason: "kept graph input (with a default initializer) w although nothing reads it: inputs are part of the model's interface" },
    ]);
  });
});

describe('eliminate-dead-code keeps every model equivalent', () => {
  const cases = [...bundledModels(), ...lightModels()];
  it.each(cases.map((c) => [c.id, c] as const))('%s, alone and after fold-constants', async (_id, c) => {
    const model = deepFreeze(loadModel(c.path));
    const alone = eliminateDeadCode.run(model);
    if (alone.model !== model) await expectSameOutputs(model, alone.model, c);
    const folded = foldConstants.run(model).model;
    const cleaned = eliminateDeadCode.run(folded);
    if (cleaned.model !== model) await expectSameOutputs(model, cleaned.model, c);
  });
});

describe('eliminate-dead-code and model-local functions', () => {
  it('removes the function of a fused node a later fusion absorbed, keeps the ones still called', async () => {
    // Sub → Pow → ReduceMean: fuse-elementwise makes a kiln.FusedElementwise, fuse-reduce absorbs it.
    const b = new GraphBuilder('variance');
    const d = b.node('Sub', [b.input('x', 'float32', [2, 8]), b.input('m', 'float32', [2, 1])], { name: 'sub' });
    const p = b.node('Pow', [d, b.initializer(tensorFromNumbers('two', 'float32', [], [2]))], { name: 'pow' });
    b.node('ReduceMean', [p], { name: 'mean', outputs: ['v'], attrs: { axes: [-1], keepdims: 1 } });
    b.output('v', 'float32');
    const fused = fuseReduce.run(fuseElementwise.run(makeModel(b.build(), { opsetImports: [{ domain: '', version: 17 }] })).model).model;
    expect(fused.functions.map((f) => f.name).sort()).toEqual(['FusedElementwise', 'FusedReduce']);
    const r = eliminateDeadCode.run(deepFreeze(fused));
    expect(r.model.functions.map((f) => f.name)).toEqual(['FusedReduce']);
    const gone = fused.functions.find((f) => f.name === 'FusedElementwise')!;
    expect(messages(r)).toEqual([`removed model-local function kiln.FusedElementwise:${gone.overload}: no node calls it any more`]);
    await expectSameOutputs(fused, r.model, {});
  });
});
