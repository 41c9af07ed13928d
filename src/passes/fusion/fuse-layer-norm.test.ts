import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { attrInt } from '../../ir/attributes.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseLayerNorm } from './fuse-layer-norm.ts';
import { cleanedBundled, opCounts } from './testing/bundled.ts';
import { opTypes } from './testing/build.ts';

interface LnOptions {
  readonly opset?: number;
  readonly square?: 'pow' | 'mul';
  readonly norm?: 'div' | 'reciprocal';
  readonly affine?: 'affine' | 'scale' | 'plain';
  readonly axes?: number[];
  readonly exponent?: number;
  /** Feed the normalization with Add(x, skip), read again by a second output when 'shared'. */
  readonly residual?: 'none' | 'single' | 'shared' | 'bias';
  readonly shape?: number[];
}

/** Layer normalization over the last axis written out as exporters do. */
function lnModel(o: LnOptions = {}): Model {
  const opset = o.opset ?? 17;
  const shape = o.shape ?? [2, 5, 8];
  const w = new WeightFactory(31);
  const b = new GraphBuilder('g');
  const scalar = (name: string, v: number) => b.initializer(tensorFromNumbers(name, 'float32', [], [v]));
  let x = b.input('x', 'float32', shape);
  if (o.residual && o.residual !== 'none') {
    let skip = b.input('skip', 'float32', shape);
    if (o.residual === 'bias') skip = b.node('Add', [skip, b.initializer(w.uniform('skipBias', [8], -1, 1))], { name: 'biasAdd' });
    x = b.node('Add', [x, skip], { name: 'residual' });
  }
  const axes = o.axes ?? [-1];
  const reduce = (input: string, name: string) =>
    opset >= 18 ? b.node('ReduceMean', [input, b.initializer(tensorFromNumbers(`${name}_axes`, 'int64', [axes.length], axes))], { name }) : b.node('ReduceMean', [input], { name, attrs: { axes } });
  const d = b.node('Sub', [x, reduce(x, 'mean')], { name: 'sub' });
  const sq = o.square === 'mul' ? b.node('Mul', [d, d], { name: 'square' }) : b.node('Pow', [d, scalar('two', o.exponent ?? 2)], { name: 'square' });
  const std = b.node('Sqrt', [b.node('Add', [reduce(sq, 'variance'), scalar('eps', 1e-5)], { name: 'addEps' })], { name: 'sqrt' });
  const last = o.affine ?? 'affine';
  const out = (name: string): [string] | undefined => (last === name ? ['y'] : undefined);
  let n = o.norm === 'reciprocal' ? b.node('Mul', [d, b.node('Reciprocal', [std])], { name: 'norm', outputs: out('plain') }) : b.node('Div', [d, std], { name: 'norm', outputs: out('plain') });
  if (last !== 'plain') n = b.node('Mul', [n, b.initializer(w.uniform('gamma', [8], 0.5, 1.5))], { name: 'scale', outputs: out('scale') });
  if (last === 'affine') b.node('Add', [n, b.initializer(w.uniform('beta', [8], -1, 1))], { name: 'shift', outputs: ['y'] });
  b.output('y', 'float32');
  if (o.residual === 'shared') b.output(b.node('Relu', [x], { name: 'reader', outputs: ['z'] }), 'float32');
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: opset }] });
}

async function fuses(model: Model, ops: string[]): Promise<Model> {
  const { model: out } = fuseLayerNorm.run(deepFreeze(model));
  expect(opTypes(out)).toEqual(ops);
  await expectSameOutputs(model, out, {}, { relL2: 1e-5 });
  return out;
}

describe('fuse-layer-norm', () => {
  it('fuses the expansion with γ and β into LayerNormalization and explains it', async () => {
    const model = lnModel();
    const { changes } = fuseLayerNorm.run(model);
    expect(changes.explanations.map((e) => e.message)).toEqual([
      'fused layer normalization over the last axis (7 nodes, from ReduceMean mean to Div norm) into LayerNormalization(axis=-1, ε=0.00001)',
      "folded Mul scale (gamma [8]) into LayerNormalization norm/LayerNormalization: γ' = γ·k",
      "folded Add shift (beta [8]) into LayerNormalization norm/LayerNormalization: β' = β+k",
    ]);
    await fuses(model, ['LayerNormalization']);
  });

  it.each<LnOptions>([
    { square: 'mul' },
    { norm: 'reciprocal' },
    { affine: 'scale' },
    { affine: 'plain' },
    { opset: 18 },
    { axes: [-2, -1], shape: [2, 1, 8] },
  ])('fuses the variant %o', async (o) => {
    const out = await fuses(lnModel(o), ['LayerNormalization']);
    expect(attrInt(out.graph.nodes[0]!, 'axis')).toBe(-(o.axes?.length ?? 1));
  });

  it('declines below opset 17, saying why no contrib op stands in', () => {
    const model = lnModel({ opset: 11 });
    const { model: out, changes } = fuseLayerNorm.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toEqual([
      { rule: 'fuse-layer-norm/div-pow', nodeId: 'norm', reason: 'LayerNormalization is ONNX from opset 17 (the model imports 11), and onnxruntime has no com.microsoft LayerNormalization kernel to use instead' },
    ]);
  });

  it('declines a reduction that is not over the last axes', () => {
    const { changes } = fuseLayerNorm.run(lnModel({ axes: [1], affine: 'plain' }));
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(['the reduced axes [1] of a rank-3 input are not the last ones']);
  });

  it('declines an exponent close to 2 but not 2', () => {
    const { changes } = fuseLayerNorm.run(lnModel({ exponent: 2.01 }));
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(['the exponent of Pow square is 2.01, close to 2 but not equal (relative difference 5.0e-3)']);
  });

  it('fuses the residual Add into SkipLayerNormalization, keeping the sum as its 4th output when read on', async () => {
    const model = lnModel({ residual: 'shared' });
    const out = await fuses(model, ['com.microsoft.SkipLayerNormalization', 'Relu']);
    expect(out.graph.nodes[0]!.outputs).toEqual(['y', '', '', 'residual_out']);
    const { changes } = fuseLayerNorm.run(model);
    expect(changes.explanations.map((e) => e.message)[1]).toBe(
      'fused residual Add residual and LayerNormalization norm/LayerNormalization into com.microsoft.SkipLayerNormalization; the sum residual_out stays available as its 4th output',
    );
  });

  it('fuses a residual Add read nowhere else, and a bias Add on its operand, into SkipLayerNormalization', async () => {
    const single = await fuses(lnModel({ residual: 'single' }), ['com.microsoft.SkipLayerNormalization']);
    expect(single.graph.nodes[0]!.outputs).toEqual(['y']);
    const biased = await fuses(lnModel({ residual: 'bias' }), ['com.microsoft.SkipLayerNormalization']);
    const inputs = biased.graph.nodes[0]!.inputs;
    expect([inputs[0], inputs[1], inputs[4]]).toEqual(['x', 'skip', 'skipBias']);
  });

  it('leaves a rank-4 residual as LayerNormalization: SkipLayerNormalization takes rank 2 or 3', async () => {
    const model = lnModel({ residual: 'single', shape: [2, 2, 5, 8] });
    await fuses(model, ['Add', 'LayerNormalization']);
    const { changes } = fuseLayerNorm.run(model);
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(['the input has rank 4 ([2,2,5,8]); SkipLayerNormalization takes rank 2 or 3']);
  });

  it('fuses both layer norms of the bundled transformer, equal in onnxruntime', async () => {
    const { c, model } = cleanedBundled('transformer');
    const { model: out, changes } = fuseLayerNorm.run(model);
    expect(opCounts(out)).toMatchObject({ LayerNormalization: 1, 'com.microsoft.SkipLayerNormalization': 1 });
    // Two normalizations of 9 nodes each become one node each; the residual and bias Adds go too.
    expect(model.graph.nodes.length - out.graph.nodes.length).toBe(2 * 8 + 2);
    expect(changes.explanations.map((e) => e.rule).sort()).toEqual([
      'fuse-layer-norm/div-pow',
      'fuse-layer-norm/div-pow',
      'fuse-layer-norm/ln-scale',
      'fuse-layer-norm/ln-shift',
      'fuse-layer-norm/skip-bias-layer-norm',
      'fuse-layer-norm/skip-scale',
      'fuse-layer-norm/skip-shift',
    ]);
    await expectSameOutputs(model, out, c, { relL2: 1e-5 });
  });
});
