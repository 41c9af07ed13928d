import { describe, expect, it } from 'vitest';
import { GraphBuilder, float, makeModel } from '../../ir/builder.ts';
import { tensorToNumbers } from '../../ir/tensor.ts';
import { parseModel } from '../../ir/text/parse.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { toNhwc } from './to-nhwc.ts';

/** Conv → BatchNormalization → Relu → MaxPool → AveragePool → GlobalAveragePool, with constant weights. */
function cnnBlock(): Model {
  const w = new WeightFactory(3);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, 4, 8, 8]);
  const conv = b.node('Conv', [x, b.initializer(w.he('w', [8, 4, 3, 3], 36)), b.initializer(w.uniform('bias', [8], -0.1, 0.1))], { name: 'conv', attrs: { pads: [1, 1, 1, 1] } });
  const stats = ['scale', 'beta', 'mean', 'var'].map((n) => b.initializer(w.uniform(n, [8], 0.5, 1.5)));
  const bn = b.node('BatchNormalization', [conv, ...stats], { name: 'bn', attrs: { epsilon: float(1e-3) } });
  const relu = b.node('Relu', [bn], { name: 'relu' });
  const max = b.node('MaxPool', [relu], { name: 'max', attrs: { kernel_shape: [2, 2], strides: [2, 2] } });
  const avg = b.node('AveragePool', [max], { name: 'avg', attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 } });
  b.node('GlobalAveragePool', [avg], { name: 'gap', outputs: ['y'] });
  b.output('y', 'float32', [1, 8, 1, 1]);
  return deepFreeze(makeModel(b.build()));
}

describe('to-nhwc', () => {
  it('converts each layout-sensitive op to its Kiln NHWC form between layout Transposes', async () => {
    const m = cnnBlock();
    const { model: out, changes } = toNhwc.run(m);
    expect(out.graph.nodes.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType))).toEqual([
      'Transpose', 'kiln.NhwcConv', 'Transpose',
      'Transpose', 'kiln.NhwcBatchNormalization', 'Transpose',
      'Relu',
      'Transpose', 'kiln.NhwcMaxPool', 'Transpose',
      'Transpose', 'kiln.NhwcAveragePool', 'Transpose',
      'Transpose', 'kiln.NhwcGlobalAveragePool', 'Transpose',
    ]);
    expect(changes.explanations[0]!.message).toBe(
      'converted Conv conv to kiln.NhwcConv: x enters NHWC through a Transpose [0,2,3,1] and conv_out returns to NCHW through a Transpose [0,3,1,2]; weight w [8,4,3,3] is stored as HWIO [3,3,4,8]',
    );
    expect(out.functions.map((f) => `${f.domain}.${f.name}`)).toEqual(['kiln.NhwcConv', 'kiln.NhwcBatchNormalization', 'kiln.NhwcMaxPool', 'kiln.NhwcAveragePool', 'kiln.NhwcGlobalAveragePool']);
    expect(out.opsetImports).toContainEqual({ domain: 'kiln', version: 1 });
    const conv = out.graph.nodes.find((n) => n.opType === 'NhwcConv')!;
    expect(conv.attributes).toEqual(m.graph.nodes[0]!.attributes);
    // HWIO: element [kh, kw, ci, co] of the stored weight is element [co, ci, kh, kw] of the original.
    const [w, hwio] = [m.graph.initializers[0]!, out.graph.initializers.find((t) => t.name === conv.inputs[1])!];
    expect(hwio.dims).toEqual([3, 3, 4, 8]);
    const [a, z] = [tensorToNumbers(w), tensorToNumbers(hwio)];
    for (const [co, ci, kh, kw] of [[0, 0, 0, 0], [7, 3, 2, 1], [5, 1, 0, 2]] as const) expect(z[((kh * 3 + kw) * 4 + ci) * 8 + co]).toBe(a[((co * 4 + ci) * 3 + kh) * 3 + kw]);
    await expectSameOutputs(m, out, {}, { relL2: 1e-6 });
  });

  it('converts grouped, depthwise, dilated and transposed convolutions, normalizations and LRN', async () => {
    const w = new WeightFactory(4);
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [2, 6, 9, 7]);
    const grouped = b.node('Conv', [x, b.initializer(w.he('wg', [6, 2, 3, 3], 18))], { attrs: { group: 3, strides: [2, 1], auto_pad: 'SAME_UPPER' } });
    const depthwise = b.node('Conv', [grouped, b.initializer(w.he('wd', [6, 1, 3, 3], 9))], { attrs: { group: 6, dilations: [2, 2], pads: [2, 2, 2, 2] } });
    const up = b.node('ConvTranspose', [depthwise, b.initializer(w.he('wt', [6, 2, 2, 3], 12)), b.initializer(w.uniform('bt', [4], -0.1, 0.1))], { attrs: { group: 2, strides: [2, 2], output_padding: [1, 0] } });
    const inorm = b.node('InstanceNormalization', [up, b.initializer(w.uniform('is', [4], 0.5, 1.5)), b.initializer(w.uniform('ib', [4], -0.5, 0.5))]);
    const lrn = b.node('LRN', [inorm], { attrs: { size: 3, alpha: float(1e-3), beta: float(0.75) } });
    b.node('GlobalMaxPool', [lrn], { outputs: ['y'] });
    b.output('y', 'float32');
    const m = deepFreeze(makeModel(b.build()));
    const { model: out } = toNhwc.run(m);
    expect(out.graph.nodes.filter((n) => n.domain === 'kiln').map((n) => n.opType)).toEqual(['NhwcConv', 'NhwcConv', 'NhwcConvTranspose', 'NhwcInstanceNormalization', 'NhwcLRN', 'NhwcGlobalMaxPool']);
    await expectSameOutputs(m, out, {}, { relL2: 1e-5 });
  });

  it('reorders a weight computed in the graph with a Transpose there', async () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [1, 3, 6, 6]);
    const wIn = b.input('w', 'float32', [5, 3, 3, 3]);
    b.node('Conv', [x, wIn], { name: 'conv', outputs: ['y'] });
    b.output('y', 'float32');
    const m = deepFreeze(makeModel(b.build()));
    const { model: out, changes } = toNhwc.run(m);
    const reorder = out.graph.nodes.find((n) => n.inputs[0] === 'w')!;
    expect([reorder.opType, reorder.attributes]).toEqual(['Transpose', [{ name: 'perm', type: 'ints', value: [2, 3, 1, 0] }]]);
    expect(changes.explanations[0]!.message).toContain('weight w is computed in the graph, so a Transpose [2,3,1,0] reorders it to HWIO');
    await expectSameOutputs(m, out, {}, { relL2: 1e-6 });
  });

  it('lists reordered weights as graph inputs in IR version 3 models', async () => {
    const m = deepFreeze(parseModel(`
      <ir_version: 3, opset_import: ["" : 9]>
      g (float[1,2,4,4] x, float[3,2,1,1] w) => (float[1,3,4,4] y)
      <float[3,2,1,1] w = {1, 2, 3, 4, 5, 6}>
      { [conv] y = Conv (x, w) }`));
    const { model: out } = toNhwc.run(m);
    expect(out.graph.inputs.map((v) => v.name)).toEqual(['x', 'w', 'w_hwio']);
    await expectSameOutputs(m, out, {}, { relL2: 1e-6 });
  });

  it('declines what has no NHWC form, saying why', () => {
    const b = new GraphBuilder('g');
    const x1 = b.input('x1', 'float32', [1, 2, 16]);
    b.node('Conv', [x1, b.initializer(new WeightFactory(1).he('w1', [2, 2, 3], 6))], { name: 'conv1d', outputs: ['y1'] });
    const x2 = b.input('x2', 'float32', [1, 2, 4, 4]);
    b.node('MaxPool', [x2], { name: 'pool', attrs: { kernel_shape: [2, 2] }, outputs: ['y2', 'idx'] });
    const x3 = b.input('x3', 'float32');
    b.node('Conv', [x3, b.input('w3', 'float32')], { name: 'unknown', outputs: ['y3'] });
    for (const o of ['y1', 'y2', 'idx', 'y3']) b.output(o);
    const m = makeModel(b.build());
    const { model: out, changes } = toNhwc.run(m);
    expect(out).toBe(m);
    expect(changes.nearMisses).toEqual([
      { rule: 'to-nhwc/conv', nodeId: 'conv1d', reason: 'input x1 is 3-D (1-D spatial); only 4-D NCHW tensors have an NHWC form' },
      { rule: 'to-nhwc/max-pool', nodeId: 'pool', reason: 'its output idx is read; it holds indices (flat NCHW offsets) laid out for NCHW' },
      { rule: 'to-nhwc/conv', nodeId: 'unknown', reason: 'the rank of input x3 is unknown, so it cannot be confirmed to be a 4-D NCHW tensor' },
    ]);
  });
});
