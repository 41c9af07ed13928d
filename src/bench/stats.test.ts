import { describe, expect, it } from 'vitest';
import { median, quantile, ratio, roundOrder, summarize } from './stats.ts';

describe('bench statistics', () => {
  it('interpolates quantiles between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.1)).toBeCloseTo(11);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('takes the median of unsorted samples without reordering them', () => {
    const xs = [9, 1, 5, 3, 7];
    expect(median(xs)).toBe(5);
    expect(xs).toEqual([9, 1, 5, 3, 7]);
  });

  it('summarizes with p10, p90 and spread = p90 − p10, unmoved by one outlier', () => {
    const xs = Array.from({ length: 11 }, (_, i) => i); // 0..10
    const s = summarize([...xs, 1000]);
    expect(s.n).toBe(12);
    expect(s.median).toBe(5.5);
    expect(s.p10).toBeCloseTo(1.1);
    expect(s.p90).toBeCloseTo(9.9);
    expect(s.spread).toBeCloseTo(8.8);
    expect(s.max).toBe(1000);
  });

  it('gives a ratio only when both sides are usable', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(NaN, 2)).toBeUndefined();
  });

  it('rotates the engine order every round so each engine runs first equally often', () => {
    const firsts = Array.from({ length: 6 }, (_, r) => roundOrder(['a', 'b', 'c'], r)[0]);
    expect(firsts).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(roundOrder([], 3)).toEqual([]);
  });
});
