// upgradeOpset: attributes that became inputs are moved, Softmax's axis is made explicit, the
// results are the same in onnxruntime, and what cannot be rewritten is refused by name.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, float, makeModel } from '../../ir/builder.ts';
import { isInputError } from '../../ir/errors.ts';
import type { Model } from '../../ir/types.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { expectSameOutputs } from '../testing/support.ts';
import { describeUpgrade, upgradeOpset } from './opset-upgrade.ts';

/** Opset 9: Clip <min, max> -> Slice <starts, ends, axes> -> Unsqueeze <axes> -> Softmax <axis = 2>. */
function opset9(): Model {
  const b = new GraphBuilder('g');
  const c = b.node('Clip', [b.input('x', 'float32', [2, 8])], { name: 'clip', attrs: { min: float(-0.5), max: float(0.75) } });
  const s = b.node('Slice', [c], { name: 'slice', attrs: { starts: [1], ends: [7], axes: [1] } });
  const u = b.node('Unsqueeze', [s], { name: 'unsqueeze', attrs: { axes: [0] } });
  b.node('Softmax', [u], { name: 'softmax', attrs: { axis: 2 }, outputs: ['y'] });
  b.output('y', 'float32', [1, 2, 6]);
  return makeModel(b.build(), { opsetImports: [{ domain: '', version: 9 }] });
}

describe('upgradeOpset', () => {
  it('moves attributes to inputs and keeps the results', async () => {
    const model = opset9();
    const u = upgradeOpset(model, 13);
    expect(describeUpgrade(u)).toBe('raised the default opset from 9 to 13, rewriting 1 Clip, 1 Slice, 1 Unsqueeze, 1 Softmax to their newer signatures');
    expect(u.model.graph.nodes.map((n) => [n.opType, n.inputs.length, n.attributes.map((a) => a.name)])).toEqual([
      ['Clip', 3, []],
      ['Slice', 4, []],
      ['Unsqueeze', 2, []],
      ['Softmax', 1, ['axis']],
    ]);
    await expectSameOutputs(model, u.model, {}, { relL2: 0 });
  });

  it('leaves a model already at the opset alone', () => {
    const model = opset9();
    expect(upgradeOpset(model, 9).model).toBe(model);
  });

  it('refuses Softmax over a non-last axis, whose meaning changed at 13', () => {
    const b = new GraphBuilder('g');
    b.node('Softmax', [b.input('x', 'float32', [2, 3, 4])], { name: 'sm', attrs: { axis: 1 }, outputs: ['y'] });
    b.output('y', 'float32', [2, 3, 4]);
    const model = makeModel(b.build(), { opsetImports: [{ domain: '', version: 11 }] });
    let message = '';
    try {
      upgradeOpset(model, 13);
    } catch (e) {
      message = isInputError(e) ? e.message : String(e);
    }
    expect(message).toBe('cannot raise opset 11 to 13: Softmax over axis 1 of a rank-3 input means a different reduction before opset 13 (Softmax sm)');
  });

  it('raises the PaddleOCR classifier from opset 9 with the same results', async () => {
    const c = bundledModels().find((m) => m.id === 'paddleocr-cls')!;
    const model = loadModel(c.path);
    const u = upgradeOpset(model, 13);
    expect(describeUpgrade(u)).toBe('raised the default opset from 9 to 13, rewriting 18 Clip, 1 Slice, 1 Softmax to their newer signatures');
    await expectSameOutputs(model, u.model, c, { relL2: 1e-6 });
  });
});
