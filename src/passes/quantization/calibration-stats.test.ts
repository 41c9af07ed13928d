// The calibration statistics on synthetic data whose answers are known: MinMax ranges, percentile
// thresholds computed by hand from the bin width, and entropy thresholds that clip a long tail,
// keep a uniform range, ignore a ReLU zero spike, and match a by-the-definition KL search.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../reference/random-inputs.ts';
import { AbsHistogram, entropyThreshold, percentileThreshold, RangeAccumulator } from './calibration-stats.ts';

/** |N(0,1)| samples (Box-Muller on a seeded generator). */
function halfNormal(n: number, seed: number): number[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => Math.abs(Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())));
}

function histogram(values: readonly number[], bins = 2048): AbsHistogram {
  const h = new AbsHistogram(Math.max(...values.map(Math.abs)), bins);
  h.add(values);
  return h;
}

/** The entropy cut by the definition: P and Q built bin by bin, KL summed term by term. */
function entropyByDefinition(h: AbsHistogram, levels: number): number {
  const c = Array.from(h.counts);
  c[0] = c[1]!;
  const total = c.reduce((a, b) => a + b, 0);
  let best = h.bins;
  let bestKl = Infinity;
  for (let i = levels; i <= h.bins; i++) {
    const p = c.slice(0, i);
    p[i - 1] = p[i - 1]! + c.slice(i).reduce((a, b) => a + b, 0);
    const group = (k: number) => Math.floor((k * levels) / i);
    const sums = new Array<number>(levels).fill(0);
    const nonEmpty = new Array<number>(levels).fill(0);
    for (let k = 0; k < i; k++) if (c[k]! > 0) (sums[group(k)]! += c[k]!), nonEmpty[group(k)]!++;
    const q = Array.from({ length: i }, (_, k) => (c[k]! > 0 ? sums[group(k)]! / nonEmpty[group(k)]! : 0));
    const qTotal = q.reduce((a, b) => a + b, 0);
    let kl = 0;
    for (let k = 0; k < i; k++) {
      if (p[k] === 0) continue;
      kl += q[k] === 0 ? Infinity : (p[k]! / total) * Math.log(p[k]! / total / (q[k]! / qTotal));
    }
    if (kl < bestKl - 1e-12) (bestKl = kl), (best = i);
  }
  return best * h.width;
}

describe('MinMax', () => {
  it('keeps the smallest and largest finite value across batches', () => {
    const r = new RangeAccumulator();
    r.add([0.5, -2, 3]);
    r.add([NaN, Infinity, 1, -2.5]);
    expect([r.min, r.max, r.absMax]).toEqual([-2.5, 3, 3]);
  });
});

describe('Percentile', () => {
  it('returns the upper edge of the bin where the cumulative share reaches the percentile', () => {
    const values = [...new Array<number>(99_999).fill(0.5), 100];
    const h = histogram(values);
    const width = 100 / 2048;
    // 99.999% of 100,000 values is 99,999: all the 0.5s, which sit in bin floor(0.5 / width).
    expect(percentileThreshold(h, 99.999)).toBeCloseTo((Math.floor(0.5 / width) + 1) * width, 12);
    expect(percentileThreshold(h, 100)).toBeCloseTo(100, 12);
  });
});

describe('Entropy (TensorRT, 2048 bins, 128 levels)', () => {
  it('clips a heavy tail well below the maximum, above the 99th percentile', () => {
    // |Student-t| with 3 degrees of freedom: a dense tail reaching ~10x the 99th percentile.
    const [z, c] = [halfNormal(300_000, 3), halfNormal(300_000, 4)];
    const values = Array.from({ length: 100_000 }, (_, k) => z[k]! / Math.sqrt((c[k]! ** 2 + c[k + 100_000]! ** 2 + c[k + 200_000]! ** 2) / 3));
    const sorted = [...values].sort((a, b) => a - b);
    const t = entropyThreshold(histogram(values));
    expect(t).toBeGreaterThan(sorted[Math.floor(0.99 * sorted.length)]!);
    expect(t).toBeLessThan(0.6 * sorted[sorted.length - 1]!);
  });

  it('cuts far outliers off at the end of the bulk, on an occupied bin', () => {
    const bulk = halfNormal(100_000, 5).sort((a, b) => a - b);
    const h = histogram([...bulk, 50, 60, 70]);
    const t = entropyThreshold(h);
    expect(t).toBeGreaterThan(bulk[Math.floor(0.999 * bulk.length)]!);
    expect(t).toBeLessThanOrEqual(bulk[bulk.length - 1]! + h.width);
    // A cut inside an empty stretch would put P's outliers where Q is empty (infinite KL).
    expect(h.counts[Math.round(t / h.width) - 1]).toBeGreaterThan(0);
  });

  it('keeps nearly all of a uniform range', () => {
    const rand = seededRandom(5);
    const values = Array.from({ length: 100_000 }, () => rand());
    expect(entropyThreshold(histogram(values))).toBeGreaterThan(0.9 * Math.max(...values));
  });

  it('is not moved by a ReLU zero spike', () => {
    const positive = halfNormal(50_000, 9);
    const relu = [...positive, ...new Array<number>(50_000).fill(0)];
    expect(entropyThreshold(histogram(relu))).toBe(entropyThreshold(histogram(positive)));
  });

  it('finds the same cut as the search by the definition of KL', () => {
    const values = [...halfNormal(20_000, 11), ...halfNormal(200, 12).map((x) => 4 * x)];
    const h = histogram(values, 512);
    expect(entropyThreshold(h, 64)).toBeCloseTo(entropyByDefinition(h, 64), 12);
  });
});
