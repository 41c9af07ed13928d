// eliminate-concat: Concats whose inputs can be written in place are marked (metadata that export
// keeps), the others say precisely why not, and nothing the model computes changes.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { exportModel } from '../../ir/onnx/export.ts';
import { importModel } from '../../ir/onnx/import.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model, Shape } from '../../ir/types.ts';
import { lightModels, loadModel } from '../../test-support/models.ts';
import { finalModel, runPipeline } from '../pipeline.ts';
import { PIPELINES } from '../pipelines.ts';
import { deepFreeze, expectSameOutputs } from '../testing/support.ts';
import { CONCAT_IN_PLACE, eliminateConcat } from './eliminate-concat.ts';

const reasons = (r: ReturnType<typeof eliminateConcat.run>) => r.changes.nearMisses.map((m) => `${m.nodeId}: ${m.reason}`);

/** Two Relu branches (by default 64 and 32 channels from a [N,8,4,4] input through 1×1 Convs), concatenated. */
function fire(shape: Shape = [1, 8, 4, 4], axis = 1, widths = [64, 32]): Model {
  const b = new GraphBuilder('fire');
  const x = b.input('x', 'float32', shape);
  const w = (name: string, cout: number) => b.initializer(tensorFromNumbers(name, 'float32', [cout, 8, 1, 1], Array.from({ length: cout * 8 }, (_, i) => ((i % 7) - 3) / 10)));
  const left = b.node('Relu', [b.node('Conv', [x, w('w1', widths[0]!)], { name: 'expand1' })], { name: 'relu1' });
  const right = b.node('Relu', [b.node('Conv', [x, w('w2', widths[1]!)], { name: 'expand2' })], { name: 'relu2' });
  b.node('Concat', [left, right], { name: 'concat', attrs: { axis }, outputs: ['y'] });
  b.output('y', 'float32');
  return makeModel(b.build());
}

describe('eliminate-concat fires', () => {
  it('marks a channel Concat of a batch of one, naming each producer and its slice', async () => {
    const model = deepFreeze(fire());
    const r = eliminateConcat.run(model);
    const concat = r.model.graph.nodes.find((n) => n.id === 'concat')!;
    expect(concat.metadata).toEqual([{ key: CONCAT_IN_PLACE, value: 'true' }]);
    expect(r.model.graph.nodes.map((n) => n.id)).toEqual(model.graph.nodes.map((n) => n.id));
    expect(r.changes.explanations.map((e) => e.message)).toEqual([
      'marked Concat concat for in-place writes: Relu relu1 → [0:64), Relu relu2 → [64:96) along axis 1 of [1,96,4,4]; each producer writes straight into its slice of y',
    ]);
    expect(r.changes).toMatchObject({ removed: [], added: [], rewired: ['concat'] });
    // The mark survives export, and running again changes nothing.
    expect(importModel(exportModel(r.model)).graph.nodes.find((n) => n.id === 'concat')!.metadata).toEqual([{ key: CONCAT_IN_PLACE, value: 'true' }]);
    expect(eliminateConcat.run(r.model).model).toBe(r.model);
    await expectSameOutputs(model, r.model, {});
  });

  it('marks a Concat along axis 0 whatever the batch', () => {
    const r = eliminateConcat.run(fire(['n', 8, 4, 4], 0, [16, 16]));
    // n + n rows: inference names the sum with a fresh symbol; the offsets are not known either.
    expect(r.changes.explanations).toHaveLength(1);
    expect(r.changes.explanations[0]!.message).toMatch(/^marked Concat concat for in-place writes: Relu relu1, Relu relu2 along axis 0 of \[\w+,16,4,4\]; each producer writes straight into its slice of y$/);
  });
});

describe('eliminate-concat declines', () => {
  it('on a non-leading axis whose leading dims are not all 1: the slices would be strided', () => {
    const r = eliminateConcat.run(fire([2, 8, 4, 4]));
    expect(r.changes.explanations).toEqual([]);
    expect(reasons(r)).toEqual([
      "concat: axis 1 is not outermost-contiguous: the output dims before it, [2], are not all 1, so each input's slice is strided (every row of the output interleaves all inputs) and a producer could not write it as one block",
    ]);
  });

  it('when an input is shared, a graph input or a constant', () => {
    const b = new GraphBuilder('inputs');
    const x = b.input('x', 'float32', [1, 2]);
    const r = b.node('Relu', [x], { name: 'relu' });
    b.node('Concat', [r, b.node('Neg', [x], { name: 'neg' })], { name: 'shared', attrs: { axis: 0 }, outputs: ['y1'] });
    b.node('Exp', [r], { name: 'exp', outputs: ['y2'] });
    b.node('Concat', [b.node('Abs', [x], { name: 'abs' }), x], { name: 'from_input', attrs: { axis: 0 }, outputs: ['y3'] });
    b.node('Concat', [b.node('Sin', [x], { name: 'sin' }), b.initializer(tensorFromNumbers('c', 'float32', [1, 2], [1, 2]))], { name: 'with_constant', attrs: { axis: 0 }, outputs: ['y4'] });
    ['y1', 'y2', 'y3', 'y4'].forEach((y) => b.output(y, 'float32'));
    const model = makeModel(b.build());
    const result = eliminateConcat.run(model);
    expect(result.model).toBe(model);
    expect(reasons(result)).toEqual([
      'shared: input relu_out is also read by Exp exp, so Relu relu must keep its own buffer',
      'from_input: input x is a graph input (or a value of an enclosing graph), written by someone else',
      'with_constant: input c is a constant; no node produces it at run time, so it would be copied anyway',
    ]);
  });
});

describe('eliminate-concat on the light CNNs (after cleanup)', () => {
  it('marks every SqueezeNet Fire Concat and leaves the model equal in onnxruntime', async () => {
    const c = lightModels().find((m) => m.id === 'light_squeezenet')!;
    const original = loadModel(c.path);
    const cleaned = finalModel(original, runPipeline(original, PIPELINES.cleanup!.passes));
    const r = eliminateConcat.run(cleaned);
    const concats = cleaned.graph.nodes.filter((n) => n.opType === 'Concat').map((n) => n.id);
    expect(r.changes.explanations.map((e) => e.matched[0])).toEqual(concats);
    await expectSameOutputs(original, r.model, c);
  });

  it('declines DenseNet Concats: every layer reads the previous Concat too', () => {
    const c = lightModels().find((m) => m.id === 'light_densenet121')!;
    const original = loadModel(c.path);
    const r = eliminateConcat.run(finalModel(original, runPipeline(original, PIPELINES.cleanup!.passes)));
    expect(r.changes.explanations).toEqual([]);
    for (const m of r.changes.nearMisses) expect(m.reason).toMatch(/^input \S+ is also read by /);
  });
});
