// prepareInt8Passes: calibrates on the samples given (or on seeded random ones) and returns
// [quantize-static, fuse-qdq] built on that table; bad counts are refused.
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { isInputError } from '../../ir/errors.ts';
import type { Model } from '../../ir/types.ts';
import { WeightFactory } from '../../models/weights.ts';
import { calibrate } from './calibrate.ts';
import { prepareInt8Passes, randomSamples } from './prepare-int8.ts';
import { quantizeStatic } from './quantize-static.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

function linear(): Model {
  const w = new WeightFactory(51);
  const b = new GraphBuilder('g');
  b.node('MatMul', [b.input('x', 'float32', ['batch', 8]), b.initializer(w.he('W', [8, 4], 8))], { name: 'mm', outputs: ['y'] });
  b.output('y', 'float32', ['batch', 4]);
  return makeModel(b.build());
}

describe('prepareInt8Passes', () => {
  it('uses the samples it is given, as calibrate would', async () => {
    const model = linear();
    const samples = randomSamples(model, 3, 40, { dims: { batch: 5 } });
    expect(samples.map((s) => s[0]!.dims)).toEqual([[5, 8], [5, 8], [5, 8]]);
    const passes = await prepareInt8Passes(model, { samples, method: 'minmax' }, run);
    expect(passes.map((p) => p.id)).toEqual(['quantize-static', 'fuse-qdq']);
    const direct = quantizeStatic(await calibrate(model, samples, 'minmax', run)).run(model).model;
    expect(passes[0]!.run(model).model.graph.initializers).toEqual(direct.graph.initializers);
  });

  it('makes `count` seeded samples when given none (sample k from seed + k)', async () => {
    const model = linear();
    const passes = await prepareInt8Passes(model, { method: 'minmax', count: 2, seed: 7 }, run);
    const direct = quantizeStatic(await calibrate(model, randomSamples(model, 2, 7), 'minmax', run)).run(model).model;
    expect(passes[0]!.run(model).model.graph.initializers).toEqual(direct.graph.initializers);
    expect(passes[0]!.description).toBe('Inserts QuantizeLinear/DequantizeLinear pairs with minmax calibration ranges and stores weights as int8 per channel.');
  });

  it('refuses a sample count that is not a positive integer', () => {
    let message = '';
    try {
      randomSamples(linear(), 0);
    } catch (e) {
      message = isInputError(e) ? e.message : String(e);
    }
    expect(message).toBe('calibration sample count must be a positive integer, not 0');
  });
});
