import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { printModel } from '../../ir/text/print.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { bundledModels, loadModel } from '../../test-support/models.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { fuseMatmulAdd } from './fuse-matmul-add.ts';
import { cleanedBundled, opCounts } from './testing/bundled.ts';

function matmulAddModel(xShape: number[], biasDims: number[]): Model {
  const w = new WeightFactory(11);
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', xShape);
  const mm = b.node('MatMul', [x, b.initializer(w.he('w', [5, 4], 5))], { name: 'mm' });
  b.output(b.node('Add', [b.initializer(w.uniform('bias', biasDims, -1, 1)), mm], { name: 'add', outputs: ['y'] }), 'float32');
  return makeModel(b.build());
}

describe('fuse-matmul-add', () => {
  it('turns MatMul + Add of a row bias into Gemm and explains it', async () => {
    const model = deepFreeze(matmulAddModel([3, 5], [1, 4]));
    const { model: out, changes } = fuseMatmulAdd.run(model);
    expect(out.graph.nodes.map((n) => n.opType)).toEqual(['Gemm']);
    expect(printModel(out)).toContain('y = Gemm (x, w, bias)');
    expect(changes.explanations.map((e) => e.message)).toEqual(['fused MatMul mm and Add add into Gemm: x × w [5,4] + bias [1,4]']);
    await expectSameOutputs(model, out, {}, { relL2: 1e-6 });
  });

  it('declines an input of rank 3, saying why FusedMatMul is no alternative', () => {
    const model = matmulAddModel([2, 3, 5], [4]);
    const { model: out, changes } = fuseMatmulAdd.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toEqual([
      { rule: 'fuse-matmul-add/matmul-add', nodeId: 'add', reason: 'MatMul input x has rank 3 ([2,3,5]); Gemm takes 2-D inputs only, and com.microsoft FusedMatMul has no bias input to absorb the Add' },
    ]);
  });

  it('declines a bias that varies over rows', () => {
    const { changes } = fuseMatmulAdd.run(matmulAddModel([3, 5], [3, 4]));
    expect(changes.nearMisses.map((n) => n.reason)).toEqual(['bias bias has shape [3,4]; only a bias of one row ([4] or [1,4]) becomes Gemm\'s C']);
  });

  it.each(['mlp', 'paddleocr-cls'])('fuses the dense layers of %s, equal in onnxruntime', async (id) => {
    const { c, model } = cleanedBundled(id);
    const before = opCounts(model);
    const { model: out, changes } = fuseMatmulAdd.run(model);
    expect(changes.explanations).toHaveLength(before.MatMul!);
    expect(opCounts(out).MatMul).toBeUndefined();
    await expectSameOutputs(model, out, c, { relL2: 1e-5 });
  });

  it('leaves the transformer (3-D activations) unchanged, with a near miss per projection', () => {
    const c = bundledModels().find((m) => m.id === 'transformer')!;
    const model = loadModel(c.path);
    const { model: out, changes } = fuseMatmulAdd.run(model);
    expect(out).toBe(model);
    expect(changes.nearMisses).toHaveLength(6);
  });
});
