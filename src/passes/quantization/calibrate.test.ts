// calibrate: the ranges it records through onnxruntime on a tiny model whose activations are known
// in closed form (x, ReLU(x), 3·ReLU(x)), for each method; the fallback for small tensors; bad input.
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, makeModel } from '../../ir/builder.ts';
import { isInputError } from '../../ir/errors.ts';
import { tensorFromNumbers } from '../../ir/tensor.ts';
import type { Model, Tensor } from '../../ir/types.ts';
import { calibrate, calibrationTensors } from './calibrate.ts';
import { ortRunner } from './testing/ort-runner.ts';

const run = ortRunner();
afterAll(() => run.release());

const N = 4096;

/** x -> r = Relu(x) -> y = Mul(r, 3), plus a 4-element side output s = ReduceMax(x). */
function model(): Model {
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [1, N]);
  const r = b.node('Relu', [x], { name: 'relu', outputs: ['r'] });
  b.node('Mul', [r, b.initializer(tensorFromNumbers('three', 'float32', [], [3]))], { name: 'mul', outputs: ['y'] });
  b.node('ReduceMax', [x], { name: 'max', attrs: { axes: [1], keepdims: 1 }, outputs: ['s'] });
  b.output('y', 'float32', [1, N]);
  b.output('s', 'float32', [1, 1]);
  return makeModel(b.build());
}

/** A ramp over [-1, 1] with one outlier of `outlier` at the end. */
function sample(outlier: number): Tensor[] {
  return [tensorFromNumbers('x', 'float32', [1, N], Array.from({ length: N }, (_, i) => (i === N - 1 ? outlier : -1 + (2 * i) / (N - 2))))];
}

const samples = [sample(100), sample(1)];

describe('calibrate', () => {
  it('measures every float32 activation', () => {
    expect(calibrationTensors(model())).toEqual(['x', 'r', 'y', 's']);
  });

  it('minmax: the extremes seen over all samples', async () => {
    const t = await calibrate(model(), samples, 'minmax', run);
    expect(t).toMatchObject({ method: 'minmax', samples: 2 });
    expect(t.ranges).toEqual({ x: { min: -1, max: 100 }, r: { min: 0, max: 100 }, y: { min: 0, max: 300 }, s: { min: 100 * 0 + 1, max: 100 } });
  });

  it('percentile: 99.9% of |x| ends in the bin that holds 1, so the outlier is clipped', async () => {
    const t = await calibrate(model(), samples, 'percentile', run, { percentile: 99.9 });
    // 8192 values, 2 outliers: 99.9% (8183.8 values) is reached in the bin holding |x| = 1.
    const edge = (top: number, max: number) => (Math.floor(top / (max / 2048)) + 1) * (max / 2048);
    expect(t.ranges.x!.min).toBe(-1);
    expect(t.ranges.x!.max).toBeCloseTo(edge(1, 100), 9);
    expect(t.ranges.r).toEqual({ min: 0, max: t.ranges.x!.max });
    expect(t.ranges.y!.max).toBeCloseTo(edge(3, 300), 9);
    // s has 2 values, fewer than the 2048 bins: it keeps its MinMax range.
    expect(t.minmaxFallback).toEqual(['s']);
    expect(t.ranges.s).toEqual({ min: 1, max: 100 });
  });

  it('entropy: clips an outlier 5x the bulk, keeps the bulk', async () => {
    const t = await calibrate(model(), [sample(5), sample(1)], 'entropy', run);
    for (const name of ['x', 'r']) {
      expect(t.ranges[name]!.max, name).toBeGreaterThan(0.95);
      expect(t.ranges[name]!.max, name).toBeLessThan(1.5);
    }
    expect(t.ranges.x!.min).toBe(-1);
    expect(t.ranges.r!.min).toBe(0);
  });

  it('entropy: cannot clip an outlier beyond 16x the bulk (a cut keeps at least 128 of 2048 bins; 256 for r)', async () => {
    const t = await calibrate(model(), samples, 'entropy', run);
    expect(t.ranges.x!.max).toBe(100);
  });

  it('says what is wrong with bad input', async () => {
    const reason = async (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (isInputError(e) ? e.message : `not an InputError: ${String(e)}`));
    expect(await reason(calibrate(model(), [], 'minmax', run))).toBe('calibration needs at least one sample');
    expect(await reason(calibrate(model(), [[tensorFromNumbers('z', 'float32', [1], [0])]], 'minmax', run))).toBe("calibration sample 0 has no tensor for input 'x'");
    expect(await reason(calibrate(model(), samples, 'kl' as never, run))).toBe("unknown calibration method 'kl'; methods: minmax, percentile, entropy");
    expect(await reason(calibrate(model(), samples, 'percentile', run, { percentile: 120 }))).toBe('percentile must be in (0, 100], not 120');
  });
});
