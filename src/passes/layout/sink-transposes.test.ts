import { describe, expect, it } from 'vitest';
import { parseModel } from '../../ir/text/parse.ts';
import { printModel } from '../../ir/text/print.ts';
import type { Model } from '../../ir/types.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { sinkTransposes } from './sink-transposes.ts';
import { toNhwc } from './to-nhwc.ts';

const transposes = (m: Model) => m.graph.nodes.filter((n) => n.opType === 'Transpose').length;

/** A model in the text syntax with the given opset; `body` names its nodes. */
function model(opset: number, signature: string, body: string, initializers = ''): Model {
  return deepFreeze(parseModel(`<ir_version: 8, opset_import: ["" : ${opset}]>\ng ${signature}\n${initializers ? `<${initializers}>` : ''}\n{\n${body}\n}`));
}

/** Runs the pass, checks it removed Transposes (down to `left`) and that onnxruntime agrees. */
async function expectSinks(m: Model, left: number): Promise<Model> {
  const before = transposes(m);
  const { model: out } = sinkTransposes.run(m);
  expect(transposes(out), printModel(out)).toBe(left);
  expect(left).toBeLessThan(before);
  await expectSameOutputs(m, out, {}, { relL2: 1e-6 });
  return out;
}

describe('sink-transposes', () => {
  it('moves a Transpose below an Add with a per-channel constant and cancels it against its inverse', async () => {
    const m = model(13, '(float[2,4,5,3] x) => (float[2,4,5,3] y)', `
      [t] a = Transpose <perm = [0,3,1,2]> (x)
      [add] b = Add (a, c)
      [back] y = Transpose <perm = [0,2,3,1]> (b)`, 'float[3,1,1] c = {1, 2, 3}');
    const { model: out, changes } = sinkTransposes.run(m);
    expect(printModel(out)).toContain('[add] y = Add (x, c_nhwc)');
    expect(printModel(out)).toContain('float[1,1,1,3] c_nhwc = {1, 2, 3}');
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'moved Transpose t [0,3,1,2] below Add add: it reads x instead of a; constant c [3,1,1] becomes c_nhwc [1,1,1,3]; a Transpose [0,3,1,2] after it restores b; Transpose t has no readers left',
      'Transpose add/Transpose [0,3,1,2] and Transpose back [0,2,3,1] cancel: readers of y now read b_nhwc; Transpose add/Transpose has no readers left',
    ]);
    expect(changes.nearMisses).toEqual([]);
    expect(changes.explanations[0]!.produced).toEqual(['add', 'add/Transpose']);
    expect([...changes.removed].sort()).toEqual(['add', 'back', 't']);
    expect(changes.added).toEqual(['add']);
    await expectSameOutputs(m, out, {}, { relL2: 1e-6 });
  });

  it('collapses the Transposes to-nhwc put around a Conv → Relu → Conv → pool chain', async () => {
    const m = model(13, '(float[1,2,6,6] x) => (float[1,3] y)', `
      [c1] a = Conv <pads = [1,1,1,1]> (x, w1)
      [relu] b = Relu (a)
      [c2] c = Conv (b, w2)
      [gap] d = GlobalAveragePool (c)
      [flat] y = Flatten (d)`, 'float[4,2,3,3] w1 = {' + Array.from({ length: 72 }, (_, i) => ((i * 7) % 11) / 10 - 0.5).join(', ') + '}, float[3,4,1,1] w2 = {1, -1, 0.5, 2, 0, 1, -0.5, 1, 0.25, 1, 1, -1}');
    const converted = toNhwc.run(m).model;
    const { model: out, changes } = sinkTransposes.run(converted);
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'moved Transpose c1/to_nchw [0,3,1,2] below Relu relu: it reads a_nhwc instead of a; a Transpose [0,3,1,2] after it restores b; Transpose c1/to_nchw has no readers left',
      'Transpose relu/Transpose [0,3,1,2] and Transpose c2/to_nhwc [0,2,3,1] cancel: readers of b_nhwc now read b_nhwc_1; Transpose relu/Transpose has no readers left',
      'Transpose c2/to_nchw [0,3,1,2] and Transpose gap/to_nhwc [0,2,3,1] cancel: readers of c_nhwc_1 now read c_nhwc; Transpose c2/to_nchw has no readers left',
      'Transpose gap/to_nchw [0,3,1,2] only moves size-1 axes ([1,1,1,3] → [1,3,1,1]), so it became a Reshape: the elements keep their order',
    ]);
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(['Transpose stays: it feeds kiln.NhwcConv c1 its NHWC input: an NHWC region starts here']);
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['Transpose', 'NhwcConv', 'Relu', 'NhwcConv', 'NhwcGlobalAveragePool', 'Reshape', 'Flatten']);
    await expectSameOutputs(m, out, {}, { relL2: 1e-6 });
  });

  it('turns a size-1 move into a Reshape that copies a symbolic batch dim', async () => {
    const m = model(13, '(float[N,1,1,3] x) => (float[N,3,1,1] y)', '[t] y = Transpose <perm = [0,3,1,2]> (x)');
    const { model: out } = sinkTransposes.run(m);
    expect(printModel(out)).toContain('int64[4] y_shape = {0, 3, 1, 1}');
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['Reshape']);
    await expectSameOutputs(m, out, { entry: { id: 'x', file: '', name: '', description: '', source: '', license: '', inputs: [{ name: 'x', shape: [2, 1, 1, 3] }] } }, { relL2: 0 });
  });

  it('keeps a Transpose before a layout-sensitive op and says why', () => {
    const m = model(13, '(float[2,4,5,3] x) => (float[2,60] y)', `
      [t] a = Transpose <perm = [0,3,1,2]> (x)
      [flat] y = Flatten (a)`);
    const { model: out, changes } = sinkTransposes.run(m);
    expect(out).toBe(m);
    expect(changes.nearMisses).toEqual([{ rule: 'sink-transposes/push', nodeId: 't', reason: 'Transpose stays: its reader Flatten flat is layout-sensitive, so the Transpose cannot move below it' }]);
  });

  it('declines to move a Transpose where that would not lower the count', () => {
    const m = model(13, '(float[2,4,5,3] x, float[2,3,4,5] z) => (float[2,3,4,5] y)', `
      [t] a = Transpose <perm = [0,3,1,2]> (x)
      [add] y = Add (a, z)`);
    const { model: out, changes } = sinkTransposes.run(m);
    expect(out).toBe(m);
    expect(changes.nearMisses.map((n) => n.reason)).toEqual([
      'Transpose stays: moving it below Add add would not lower the count: it cancels 1 Transpose, adds 1 Transpose on other inputs and leaves 1 after outputs that meet no other Transpose',
    ]);
  });

  it('leaves values that If branches read in place, and cancels around them', async () => {
    const branches = (v: string) => `then_branch = a () => (float[2,3,4,5] o) { o = Neg (${v}) }, else_branch = b () => (float[2,3,4,5] o2) { o2 = Abs (${v}) }`;
    const m = model(13, '(float[2,4,5,3] x, bool c) => (float[2,4,5,3] y, float[2,3,4,5] z, float[2,3,4,5] w)', `
      [t] a = Transpose <perm = [0,3,1,2]> (x)
      [relu] b = Relu (a)
      [back] y = Transpose <perm = [0,2,3,1]> (b)
      [reads_b] z = If (c) <${branches('b')}>
      [t2] a2 = Transpose <perm = [0,3,1,2]> (x)
      [relu2] b2 = Relu (a2)
      [reads_a2] w = If (c) <${branches('a2')}>`);
    const { model: out, changes } = sinkTransposes.run(m);
    // The first pair cancels, a Transpose stays for the If; the second Transpose is read by its If.
    expect(transposes(out)).toBe(2);
    expect(changes.nearMisses.map((n) => n.reason)).toContain('Transpose stays: moving it below Relu relu2 would not remove it: If reads_a2 also reads it and cannot take it further');
    await expectSameOutputs(m, out, {}, { relL2: 0 });
  });

  it('keeps a Transpose above a Reshape that merges axes it reorders', () => {
    const m = model(13, '(float[2,4,5,3] x) => (float[2,60] y)', `
      [t] a = Transpose <perm = [0,3,1,2]> (x)
      [flat] y = Reshape (a, shape)`, 'int64[2] shape = {2, 60}');
    const { model: out, changes } = sinkTransposes.run(m);
    expect(out).toBe(m);
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(['Transpose stays: it cannot move below Reshape flat: the axes 1,2,3 it merges are not side by side, in order, before the Transpose']);
  });

  it('cancels inverse pairs, merges composable ones and shares twins', async () => {
    const m = model(13, '(float[2,3,4,5] x) => (float[2,3,4,5] y, float[2,4,5,3] z, float[2,5,3,4] w, float[2,5,3,4] v)', `
      [a] p = Transpose <perm = [0,2,3,1]> (x)
      [b] y = Transpose <perm = [0,3,1,2]> (p)
      [c] q = Transpose <perm = [0,2,1,3]> (p)
      [d] z = Transpose <perm = [0,2,1,3]> (q)
      [e] w = Transpose <perm = [0,3,1,2]> (x)
      [f] f_out = Transpose <perm = [0,3,1,2]> (x)
      [g] v = Relu (f_out)`);
    const { model: out, changes } = sinkTransposes.run(m);
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'Transpose a [0,2,3,1] and Transpose b [0,3,1,2] cancel: readers of y now read x',
      'merged Transpose a [0,2,3,1] and Transpose c [0,2,1,3] into one Transpose [0,3,2,1] of x; Transpose a has no readers left',
      'merged Transpose c [0,3,2,1] and Transpose d [0,2,1,3] into one Transpose [0,2,3,1] of x; Transpose c has no readers left',
      'Transpose f repeats Transpose e (same input x, same perm [0,3,1,2]): its readers now share w',
    ]);
    await expectSameOutputs(m, out, {}, { relL2: 0 });
    expect(out.graph.nodes.map((n) => n.opType).sort()).toEqual(['Identity', 'Relu', 'Transpose', 'Transpose']);
  });

  it('folds Transposes of constants and of ConstantOfShape, and turns size-1 moves into Reshapes', async () => {
    const m = model(13, '(float[2,3,4] x, float[5,1,1,3] v) => (float[2,3,4] y, float[4,5,6] z, float[5,3,1,1] u)', `
      [tc] k = Transpose <perm = [1,0,2]> (c)
      [add] y = Add (x, k)
      [gen] g = ConstantOfShape <value = float[1] {0.5}> (s)
      [tg] h = Transpose <perm = [2,0,1]> (g)
      [relu] z = Relu (h)
      [tv] u = Transpose <perm = [0,3,1,2]> (v)`, 'float[3,2,4] c = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24}, int64[3] s = {5,6,4}');
    const { model: out, changes } = sinkTransposes.run(m);
    expect(changes.explanations.map((e) => e.rule)).toEqual(['sink-transposes/fold-constant', 'sink-transposes/fold-constant', 'sink-transposes/to-reshape', 'sink-transposes/unused']);
    expect(changes.explanations[1]!.message).toBe('folded Transpose tg [2,0,1] of ConstantOfShape gen [5,6,4]: a ConstantOfShape of shape [4,5,6] gives the same uniform tensor');
    expect(changes.explanations[2]!.message).toBe('Transpose tv [0,3,1,2] only moves size-1 axes ([5,1,1,3] → [5,3,1,1]), so it became a Reshape: the elements keep their order');
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['Add', 'ConstantOfShape', 'Relu', 'Reshape']);
    await expectSameOutputs(m, out, {}, { relL2: 0 });
  });
});

/** One op between NHWC→NCHW and its inverse: the pair must cancel through it. */
interface OpCase {
  readonly name: string;
  readonly opset: number;
  readonly signature: string;
  readonly body: string;
  readonly initializers?: string;
  /** Transposes left (region inputs that are not constants, say). */
  readonly left?: number;
}

const IO = '(float[2,4,5,3] x) => (float[2,4,5,3] y)';
const wrap = (op: string) => `
  [t] a = Transpose <perm = [0,3,1,2]> (x)
  ${op}
  [back] y = Transpose <perm = [0,2,3,1]> (b)`;

const CASES: readonly OpCase[] = [
  { name: 'Relu', opset: 13, signature: IO, body: wrap('b = Relu (a)') },
  { name: 'Clip with scalar bounds', opset: 13, signature: IO, body: wrap('b = Clip (a, lo, hi)'), initializers: 'float lo = {0}, float hi = {0.5}' },
  { name: 'Mul by a scalar', opset: 13, signature: IO, body: wrap('b = Mul (a, s)'), initializers: 'float s = {3}' },
  { name: 'Add of a non-constant full-size input', opset: 13, signature: '(float[2,4,5,3] x, float[2,3,4,5] z) => (float[2,4,5,3] y)', body: wrap('b = Add (a, z)'), left: 1 },
  { name: 'Where with a per-channel condition', opset: 13, signature: IO, body: wrap('b = Where (c, a, s)'), initializers: 'bool[3,1,1] c = {1, 0, 1}, float s = {-1}' },
  { name: 'Sum of two transposed inputs', opset: 13, signature: IO, body: wrap('r = Relu (a)\n  b = Sum (a, r, a)') },
  { name: 'Concat on channels', opset: 13, signature: '(float[2,4,5,3] x) => (float[2,4,5,6] y)', body: wrap('b = Concat <axis = 1> (a, a)') },
  { name: 'Split on channels', opset: 13, signature: '(float[2,4,5,3] x) => (float[2,4,5,1] y, float[2,4,5,2] z)', body: `
    [t] a = Transpose <perm = [0,3,1,2]> (x)
    b, c = Split <axis = 1> (a, sizes)
    [back] y = Transpose <perm = [0,2,3,1]> (b)
    [back2] z = Transpose <perm = [0,2,3,1]> (c)`, initializers: 'int64[2] sizes = {1, 2}' },
  { name: 'Pad (opset 13 pads input)', opset: 13, signature: '(float[2,4,5,3] x) => (float[2,5,8,3] y)', body: wrap('b = Pad (a, pads)'), initializers: 'int64[8] pads = {0, 0, 1, 2, 0, 0, 0, 1}' },
  { name: 'Pad (opset 9 attribute)', opset: 9, signature: '(float[2,4,5,3] x) => (float[2,5,8,3] y)', body: wrap('b = Pad <pads = [0, 0, 1, 2, 0, 0, 0, 1]> (a)') },
  { name: 'ReduceMean keeping dims', opset: 13, signature: '(float[2,4,5,3] x) => (float[2,1,1,3] y)', body: wrap('b = ReduceMean <axes = [2, 3]> (a)') },
  { name: 'ReduceSum over channels without keepdims (axes input)', opset: 13, signature: '(float[2,4,5,3] x) => (float[2,4,5] y)', body: `
    [t] a = Transpose <perm = [0,3,1,2]> (x)
    y = ReduceSum <keepdims = 0> (a, axes)`, initializers: 'int64[1] axes = {1}' },
  { name: 'Softmax on channels (opset 13)', opset: 13, signature: IO, body: wrap('b = Softmax <axis = 1> (a)') },
  { name: 'Softmax flattened at axis 1 (opset 11)', opset: 11, signature: IO, body: wrap('b = Softmax (a)') },
  { name: 'Resize nearest (scales)', opset: 13, signature: '(float[2,4,5,3] x) => (float[2,8,10,3] y)', body: wrap('b = Resize <mode = "nearest"> (a, roi, scales)'), initializers: 'float[0] roi = {}, float[4] scales = {1, 1, 2, 2}' },
  { name: 'Resize linear (sizes)', opset: 13, signature: '(float[2,4,5,3] x) => (float[2,7,9,3] y)', body: wrap('b = Resize <mode = "linear"> (a, "", "", sizes)'), initializers: 'int64[4] sizes = {2, 3, 7, 9}' },
  { name: 'Slice of rows and columns', opset: 13, signature: '(float[2,4,5,3] x) => (float[2,2,3,3] y)', body: wrap('b = Slice (a, starts, ends, axes)'), initializers: 'int64[2] starts = {1, 1}, int64[2] ends = {3, 4}, int64[2] axes = {2, -1}' },
  { name: 'Slice without axes (opset 9 attributes)', opset: 9, signature: '(float[2,4,5,3] x) => (float[1,4,5,2] y)', body: wrap('b = Slice <starts = [1, 1], ends = [2, 3]> (a)') },
  { name: 'Squeeze of a size-1 row axis', opset: 13, signature: '(float[2,1,5,3] x) => (float[2,5,3] y)', body: `
    [t] a = Transpose <perm = [0,3,1,2]> (x)
    b = Squeeze (a, axes)
    [back] y = Transpose <perm = [0,2,1]> (b)`, initializers: 'int64[1] axes = {2}' },
  { name: 'Unsqueeze in front (opset 11 attribute)', opset: 11, signature: '(float[2,4,5,3] x) => (float[1,2,4,5,3] y)', body: `
    [t] a = Transpose <perm = [0,3,1,2]> (x)
    b = Unsqueeze <axes = [0]> (a)
    [back] y = Transpose <perm = [0,1,3,4,2]> (b)` },
  { name: 'Reshape merging size-1 axes into channels', opset: 13, signature: '(float[2,1,1,6] x) => (float[2,6] y)', body: `
    [t] a = Transpose <perm = [0,3,1,2]> (x)
    y = Reshape (a, shape)`, initializers: 'int64[2] shape = {2, 6}' },
  { name: 'Reshape splitting channels (a channel shuffle keeps two of three Transposes)', opset: 13, signature: '(float[2,4,5,6] x) => (float[2,4,5,6] y)', left: 2, body: `
    [t] a = Transpose <perm = [0,3,1,2]> (x)
    s = Reshape (a, split)
    [shuffle] u = Transpose <perm = [0,2,1,3,4]> (s)
    m = Reshape (u, merge)
    [back] y = Transpose <perm = [0,2,3,1]> (m)`, initializers: 'int64[5] split = {2, 2, 3, 4, 5}, int64[4] merge = {2, 6, 4, 5}' },
  { name: 'ArgMax over channels', opset: 13, signature: '(float[2,4,5,3] x) => (int64[2,4,5,1] y)', body: wrap('b = ArgMax <axis = 1> (a)') },
];

describe('sink-transposes through each layout-agnostic op', () => {
  for (const c of CASES) {
    it(`${c.name}: the Transposes cancel and onnxruntime agrees`, async () => {
      await expectSinks(model(c.opset, c.signature, c.body, c.initializers), c.left ?? 0);
    });
  }
});
