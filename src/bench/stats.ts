// The statistics every benchmark figure is made of. Timings on a shared machine are skewed by
// stalls, so figures are order statistics (median, p10, p90), never means; the spread is p90 − p10,
// the range that holds the middle 80% of runs.

/** The q-quantile (0 ≤ q ≤ 1) of ascending `sorted`, interpolating linearly between ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function median(xs: readonly number[]): number {
  return quantile([...xs].sort((a, b) => a - b), 0.5);
}

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  /** p90 − p10. */
  readonly spread: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(xs: readonly number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const p10 = quantile(s, 0.1);
  const p90 = quantile(s, 0.9);
  return { n: s.length, median: quantile(s, 0.5), p10, p90, spread: p90 - p10, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

/** a / b, or undefined when either side is missing or b is not a positive number. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return undefined;
  return a / b;
}

/**
 * The engines in the order round `round` runs them: rotated by one each round, so no engine is
 * always first after the idle gap (or always right after the same neighbour).
 */
export function roundOrder<T>(engines: readonly T[], round: number): T[] {
  const k = engines.length ? round % engines.length : 0;
  return [...engines.slice(k), ...engines.slice(0, k)];
}
