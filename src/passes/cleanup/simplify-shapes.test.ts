// simplify-shapes: Reshape/Flatten chains collapse, Transpose pairs compose or cancel,
// Unsqueeze/Squeeze pairs cancel; declines say why; results equal the original in onnxruntime.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { simplifyShapes } from './simplify-shapes.ts';

const i64 = (name: string, values: number[]) => tensorFromNumbers(name, 'int64', [values.length], values);
const ops = (m: Model) => m.graph.nodes.map((n) => `${n.opType}(${n.inputs.join(',')})`);
const messages = (r: ReturnType<typeof simplifyShapes.run>) => r.changes.explanations.map((e) => e.message);

function model(build: (b: GraphBuilder, x: string) => string, shape: (number | string)[] = [2, 3, 4], opset = 13): Model {
  const b = new GraphBuilder('chain');
  const x = b.input('x', 'float32', shape);
  b.node('Relu', [build(b, x)], { name: 'relu', outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
}

describe('simplify-shapes fires', () => {
  it('collapses Reshape → Reshape and Flatten → Reshape into one Reshape', async () => {
    const m = deepFreeze(model((b, x) => {
      const r1 = b.node('Reshape', [x, b.initializer(i64('s1', [6, 4]))], { name: 'r1' });
      const r2 = b.node('Reshape', [r1, b.initializer(i64('s2', [4, -1]))], { name: 'r2' });
      const f = b.node('Flatten', [r2], { name: 'flat', attrs: { axis: 1 } });
      return b.node('Reshape', [f, b.initializer(i64('s3', [3, 8]))], { name: 'r3' });
    }));
    const r = simplifyShapes.run(m);
    expect(ops(r.model)).toEqual(['Reshape(x,s3)', 'Relu(r3_out)']);
    expect(messages(r)).toEqual([
      'collapsed Reshape r1 → Reshape r2 into one Reshape of x to [4,-1]',
      'collapsed Flatten flat → Reshape r3 into one Reshape of r2_out to [3,8]',
      // The second sweep sees the Reshapes the first one made (fresh ids: the old ones stay taken).
      'collapsed Reshape r2 → Reshape r3 into one Reshape of x to [3,8]',
    ]);
    await expectSameOutputs(m, r.model, {});
  });

  it('turns a Flatten of a Reshape into one Reshape when the leading dims are static', async () => {
    const m = model((b, x) => b.node('Flatten', [b.node('Reshape', [x, b.initializer(i64('s', [2, 2, 6]))], { name: 'r' })], { name: 'flat', attrs: { axis: 2 } }));
    const r = simplifyShapes.run(m);
    expect(ops(r.model)).toEqual(['Reshape(x,flat/shape)', 'Relu(flat_out)']);
    expect(messages(r)).toEqual(['collapsed Reshape r → Flatten flat into one Reshape of x to [4,-1]']);
    await expectSameOutputs(m, r.model, {});
  });

  it('composes two Transposes, and cancels a pair that restores the order', async () => {
    const m = model((b, x) => {
      const t1 = b.node('Transpose', [x], { name: 't1', attrs: { perm: [1, 2, 0] } });
      const t2 = b.node('Transpose', [t1], { name: 't2', attrs: { perm: [0, 2, 1] } });
      return b.node('Transpose', [b.node('Transpose', [t2], { name: 't3', attrs: { perm: [2, 1, 0] } })], { name: 't4', attrs: { perm: [2, 1, 0] } });
    });
    const r = simplifyShapes.run(m);
    // t2∘t1: out[i] = x[p1[p2[i]]] = x[[1,0,2][i]].
    expect(ops(r.model)).toEqual(['Transpose(x)', 'Relu(t2_out)']);
    expect(r.model.graph.nodes[0]!.attributes).toEqual([{ name: 'perm', type: 'ints', value: [1, 0, 2] }]);
    expect(messages(r)).toEqual([
      'composed Transpose t1 (perm [1,2,0]) → Transpose t2 (perm [0,2,1]) into one Transpose with perm [1,0,2]',
      'cancelled Transpose t3 (perm [2,1,0]) → Transpose t4 (perm [2,1,0]): together they keep every axis in place; readers of t4_out now read t2_out',
    ]);
    await expectSameOutputs(m, r.model, {});
  });

  it('cancels Unsqueeze → Squeeze and Squeeze → Unsqueeze on the same axes (negative ones normalized)', async () => {
    const m = model((b, x) => {
      const u = b.node('Unsqueeze', [x, b.initializer(i64('a0', [0, -1]))], { name: 'u' });
      const s = b.node('Squeeze', [u, b.initializer(i64('a1', [4, 0]))], { name: 's' });
      const s2 = b.node('Squeeze', [b.node('Relu', [s], { name: 'mid' }), b.initializer(i64('a2', [0]))], { name: 's2' });
      return b.node('Unsqueeze', [s2, b.initializer(i64('a3', [0]))], { name: 'u2' });
    }, [1, 3, 4]);
    const r = simplifyShapes.run(m);
    expect(ops(r.model)).toEqual(['Relu(x)', 'Relu(mid_out)']);
    expect(messages(r)).toEqual([
      'cancelled Unsqueeze u → Squeeze s on axes [0,4]; readers of s_out now read x',
      'cancelled Squeeze s2 → Unsqueeze u2 on axes [0]; readers of u2_out now read mid_out',
    ]);
    await expectSameOutputs(m, r.model, {});
  });

  it('keeps the first op for its other readers (it only moves data, so nothing is computed twice)', async () => {
    const b = new GraphBuilder('shared');
    const x = b.input('x', 'float32', [2, 3]);
    const t = b.node('Transpose', [x], { name: 't', attrs: { perm: [1, 0] } });
    b.node('Transpose', [t], { name: 'back', attrs: { perm: [1, 0] }, outputs: ['y'] });
    b.node('Relu', [t], { name: 'relu', outputs: ['z'] });
    b.node('Neg', [b.node('Exp', [x], { name: 'exp' })], { name: 'neg', outputs: ['w'] });
    ['y', 'z', 'w'].forEach((o) => b.output(o, 'float32'));
    const m = makeModel(b.build());
    const r = simplifyShapes.run(m);
    // y would become x, a graph input: the editor keeps y's name with a copy, so the pair cannot go.
    expect(r.changes.nearMisses.map((n) => `${n.nodeId}: ${n.reason}`)).toEqual([
      'back: graph output y would become x, which no node of this graph computes (a graph input, initializer or outer value); ONNX needs a node between them',
    ]);
    expect(r.model).toBe(m);
  });
});

describe('simplify-shapes declines', () => {
  it('when a 0 in the target copies a dim that is not static, or the axes differ', () => {
    const m = model((b, x) => {
      const r1 = b.node('Reshape', [x, b.initializer(i64('s1', [0, -1]))], { name: 'r1' });
      const r2 = b.node('Reshape', [r1, b.initializer(i64('s2', [0, 2, -1]))], { name: 'r2' });
      const u = b.node('Unsqueeze', [r2, b.initializer(i64('a', [1]))], { name: 'u' });
      return b.node('Squeeze', [u, b.initializer(i64('b', [0]))], { name: 's' });
    }, ['n', 3, 4]);
    const r = simplifyShapes.run(m);
    expect(r.changes.nearMisses.map((n) => `${n.nodeId}: ${n.reason}`)).toEqual([
      'r2: target shape [0,2,-1] copies dims (0) of r1_out, whose shape is not static',
      's: Unsqueeze axes [1] and Squeeze axes [0] differ',
    ]);
    expect(r.model).toBe(m);
  });
});
