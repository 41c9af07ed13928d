// fuse-horizontal: sibling Convs and MatMuls merge into one wide op and a Split (node list,
// weights, explanation), declines say why, and the result equals the original in onnxruntime.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { tensorData, tensorToNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { bundledModels, lightModels, loadModel } from '../../test-support/models.ts';
import { finalModel, runPipeline } from '../pipeline.ts';
import { PIPELINES } from '../pipelines.ts';
import { deepFreeze, expectSameOutputs, weightChecksum } from '../testing/support.ts';
import { fuseHorizontal } from './fuse-horizontal.ts';

const ops = (m: Model) => m.graph.nodes.map((n) => n.opType);
const messages = (r: ReturnType<typeof fuseHorizontal.run>) => r.changes.explanations.map((e) => e.message);
const reasons = (r: ReturnType<typeof fuseHorizontal.run>) => r.changes.nearMisses.map((m) => `${m.nodeId}: ${m.reason}`);

/** Inception-style branches: three 1×1 Convs (16, 8 and 4 channels; the middle one without bias) and a 3×3 one. */
function branches(opset = 17): Model {
  const w = new WeightFactory(11);
  const b = new GraphBuilder('branches');
  const x = b.input('x', 'float32', [1, 6, 5, 5]);
  const conv = (name: string, cout: number, k: number, bias: boolean) =>
    b.node('Conv', [x, b.initializer(w.he(`${name}_w`, [cout, 6, k, k], 6 * k * k)), ...(bias ? [b.initializer(w.uniform(`${name}_b`, [cout], -0.5, 0.5))] : [])], {
      name,
      outputs: [`${name}_y`],
      attrs: k === 3 ? { pads: [1, 1, 1, 1] } : {},
    });
  const outs = [conv('a', 16, 1, true), conv('b', 8, 1, false), conv('c', 4, 1, true), conv('d', 8, 3, true)];
  outs.forEach((o) => b.output(o, 'float32'));
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
}

/** Q/K/V projections with bias Adds, each read by its own Relu. */
function qkv(withBias: boolean[]): Model {
  const w = new WeightFactory(5);
  const b = new GraphBuilder('qkv');
  const x = b.input('x', 'float32', [2, 3, 8]);
  ['q', 'k', 'v'].forEach((name, i) => {
    let y = b.node('MatMul', [x, b.initializer(w.he(`${name}_w`, [8, 4 + i], 8))], { name: `${name}_mm` });
    if (withBias[i]) y = b.node('Add', [y, b.initializer(w.uniform(`${name}_b`, [4 + i], -1, 1))], { name: `${name}_add` });
    b.node('Relu', [y], { name: `${name}_relu`, outputs: [`${name}_y`] });
    b.output(`${name}_y`, 'float32');
  });
  return makeModel(b.build());
}

describe('fuse-horizontal fires', () => {
  it('merges sibling 1×1 Convs into one Conv and a Split, concatenating weights and biases', async () => {
    const model = deepFreeze(branches());
    const checksum = weightChecksum(model);
    const r = fuseHorizontal.run(model);
    expect(ops(r.model)).toEqual(['Conv', 'Split', 'Conv']);
    const [conv, split] = r.model.graph.nodes;
    expect(split!.outputs).toEqual(['a_y', 'b_y', 'c_y']);
    expect(conv!.provenance).toEqual(['a', 'b', 'c']);
    const weight = r.model.graph.initializers.find((t) => t.name === conv!.inputs[1])!;
    expect(weight.dims).toEqual([28, 6, 1, 1]);
    // The middle Conv had no bias: its 8 channels get zeros.
    const bias = Array.from(tensorToNumbers(r.model.graph.initializers.find((t) => t.name === conv!.inputs[2])!));
    const aBias = Array.from(tensorToNumbers(model.graph.initializers.find((t) => t.name === 'a_b')!));
    expect(bias.slice(0, 16)).toEqual(aBias);
    expect(bias.slice(16, 24)).toEqual(Array(8).fill(0));
    const sizes = r.model.graph.initializers.find((t) => t.name === split!.inputs[1])!;
    expect(Array.from(tensorData(sizes), Number)).toEqual([16, 8, 4]);
    expect(messages(r)).toEqual(['merged 3 sibling Convs reading x (a: 16, b: 8, c: 4 output channels) into Conv a/horizontal with 28 output channels and a concatenated bias, then Split [16,8,4] along the channel axis']);
    expect(reasons(r)).toEqual(["d: Conv a, Conv b, Conv c also read x, but its kernel shape [3,3] differs from Conv a's [1,1]"]);
    // The old weights are gone with their readers; the model's input is untouched.
    expect(r.model.graph.initializers.map((t) => t.name).filter((n) => /^[abc]_/.test(n))).toEqual([]);
    expect(weightChecksum(model)).toBe(checksum);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-6 });
  });

  it('writes the Split sizes as an attribute before opset 13', async () => {
    const model = branches(11);
    const r = fuseHorizontal.run(model);
    const split = r.model.graph.nodes[1]!;
    expect(split.inputs).toHaveLength(1);
    expect(split.attributes).toEqual([{ name: 'axis', type: 'int', value: 1 }, { name: 'split', type: 'ints', value: [16, 8, 4] }]);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-6 });
  });

  it('merges Q/K/V MatMuls and their bias Adds into one MatMul, one Add and a Split', async () => {
    const model = qkv([true, true, true]);
    const r = fuseHorizontal.run(model);
    expect(ops(r.model)).toEqual(['MatMul', 'Add', 'Split', 'Relu', 'Relu', 'Relu']);
    expect(r.model.graph.nodes[2]!.outputs).toEqual(['q_add_out', 'k_add_out', 'v_add_out']);
    expect(messages(r)).toEqual(['merged 3 sibling MatMuls reading x and their bias Adds (q_mm: 4, k_mm: 5, v_mm: 6 columns) into MatMul q_mm/horizontal with weight [8,15] plus one bias Add, then Split [4,5,6] along the last axis']);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-6 });
  });

  it('merges the MatMuls alone when one sibling has no bias Add', async () => {
    const model = qkv([true, false, true]);
    const r = fuseHorizontal.run(model);
    expect(ops(r.model)).toEqual(['MatMul', 'Split', 'Add', 'Relu', 'Relu', 'Add', 'Relu']);
    expect(r.model.graph.nodes[1]!.outputs).toEqual(['q_mm_out', 'k_mm_out', 'v_mm_out']);
    await expectSameOutputs(model, r.model, {}, { relL2: 1e-6 });
  });
});

describe('fuse-horizontal declines', () => {
  it('says which weight is not a constant and which Conv is grouped', () => {
    const w = new WeightFactory(2);
    const b = new GraphBuilder('declines');
    const x = b.input('x', 'float32', [1, 4, 3, 3]);
    const wIn = b.input('w_runtime', 'float32', [4, 4, 1, 1]);
    b.node('Conv', [x, wIn], { name: 'dynamic', outputs: ['y1'] });
    b.node('Conv', [x, b.initializer(w.he('wg', [4, 2, 1, 1], 2))], { name: 'grouped', attrs: { group: 2 }, outputs: ['y2'] });
    b.node('Conv', [x, b.initializer(w.he('w3', [4, 4, 1, 1], 4))], { name: 'plain', outputs: ['y3'] });
    ['y1', 'y2', 'y3'].forEach((y) => b.output(y, 'float32'));
    const model = makeModel(b.build());
    const r = fuseHorizontal.run(model);
    expect(r.model).toBe(model);
    expect(reasons(r)).toEqual([
      'dynamic: Conv grouped, Conv plain also read x, but its weight w_runtime is not a constant (it is a graph input), so it cannot be concatenated',
      'grouped: Conv dynamic, Conv plain also read x, but it is a grouped Conv (group=2); its channel groups would not line up after concatenation',
    ]);
  });

  it('gives near misses, not merges, on the light CNNs whose weights ConstantOfShape makes at run time', () => {
    const c = lightModels().find((m) => m.id === 'light_inception_v1')!;
    const model = loadModel(c.path);
    const r = fuseHorizontal.run(finalModel(model, runPipeline(model, PIPELINES.cleanup!.passes)));
    expect(r.changes.explanations).toEqual([]);
    expect(r.changes.nearMisses.length).toBeGreaterThan(0);
    for (const m of r.changes.nearMisses) expect(m.reason).toMatch(/its weight \S+ is not a constant \(ConstantOfShape \S+ computes it when the model runs\)/);
  });
});

describe('fuse-horizontal keeps models equivalent', () => {
  it('merges the transformer Q/K/V projections', async () => {
    const c = bundledModels().find((m) => m.id === 'transformer')!;
    const original = loadModel(c.path);
    const cleaned = finalModel(original, runPipeline(original, PIPELINES.cleanup!.passes));
    const r = fuseHorizontal.run(deepFreeze(cleaned));
    expect(r.changes.explanations.map((e) => e.rule)).toEqual(['fuse-horizontal/sibling-matmuls']);
    await expectSameOutputs(original, r.model, c, { relL2: 1e-4 });
  });
});
