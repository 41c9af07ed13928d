// The statistics calibration keeps per tensor, and the three ways to turn them into a range:
// MinMax (what was seen), Percentile (the |x| below which a given share of values fall) and
// Entropy (TensorRT's: the |x| threshold whose 128-level quantization loses least information,
// measured as the KL divergence between the clipped histogram and its quantized version).
// int8 magnitudes have 128 levels; a tensor with no negative values (a ReLU output) has 256 in
// uint8, which calibrate.ts passes, as pytorch-quantization does for unsigned tensors.

/** Running minimum and maximum over finite values. */
export class RangeAccumulator {
  min = Infinity;
  max = -Infinity;
  add(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (!Number.isFinite(x)) continue;
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
    }
  }
  get absMax(): number {
    return Math.max(Math.abs(this.min), Math.abs(this.max), 0) || 0;
  }
}

/** A histogram of |x| over [0, max] in equal bins (values beyond max land in the last bin). */
export class AbsHistogram {
  readonly counts: Float64Array;
  readonly width: number;
  constructor(readonly max: number, readonly bins = 2048) {
    this.counts = new Float64Array(bins);
    this.width = max > 0 ? max / bins : 1;
  }
  add(values: ArrayLike<number>): void {
    const last = this.bins - 1;
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]!);
      if (!Number.isFinite(a)) continue;
      this.counts[Math.min(last, Math.floor(a / this.width))]! += 1;
    }
  }
  get total(): number {
    return this.counts.reduce((s, c) => s + c, 0);
  }
}

/** The upper edge of the first bin at which the cumulative share of |x| reaches `percentile` %. */
export function percentileThreshold(h: AbsHistogram, percentile: number): number {
  const total = h.total;
  if (!total) return 0;
  const target = (percentile / 100) * total;
  let cum = 0;
  for (let k = 0; k < h.bins; k++) {
    cum += h.counts[k]!;
    if (cum >= target) return (k + 1) * h.width;
  }
  return h.bins * h.width;
}

/**
 * TensorRT's entropy calibration, as NVIDIA's pytorch-quantization implements it: for every cut i
 * (levels..bins bins kept), P is the first i bins with everything beyond folded into bin i-1, and
 * Q is those i bins merged into `levels` groups, each group's count spread evenly over its
 * non-empty bins (bin k belongs to group ⌊k·levels/i⌋). The cut with the least KL(P‖Q) wins; the
 * threshold is its bin edge. A cut inside an empty stretch puts P's outliers where Q is empty
 * (infinite KL), so a sparse far tail is never cut before its first value. The zero bin takes its
 * neighbour's count first, as pytorch-quantization does: a ReLU's zeros are exact in any
 * quantization and say nothing about where to clip. KL is computed per group from prefix sums,
 * so a cut costs O(levels), not O(i).
 */
export function entropyThreshold(h: AbsHistogram, levels = 128): number {
  const bins = h.bins;
  if (!h.total) return 0;
  if (bins <= levels) return bins * h.width;
  const counts = Float64Array.from(h.counts);
  if (bins > 1) counts[0] = counts[1]!;
  // Prefix sums of counts, of non-empty bins and of c·log c.
  const sum = new Float64Array(bins + 1);
  const nonEmpty = new Float64Array(bins + 1);
  const cLogC = new Float64Array(bins + 1);
  for (let k = 0; k < bins; k++) {
    const c = counts[k]!;
    sum[k + 1] = sum[k]! + c;
    nonEmpty[k + 1] = nonEmpty[k]! + (c > 0 ? 1 : 0);
    cLogC[k + 1] = cLogC[k]! + (c > 0 ? c * Math.log(c) : 0);
  }
  const total = sum[bins]!;
  if (!total) return h.max;
  let best = bins;
  let bestKl = Infinity;
  for (let i = levels; i <= bins; i++) {
    const outliers = total - sum[i]!;
    const last = counts[i - 1]!;
    if (last === 0 && outliers > 0) continue; // P has mass where Q has none: infinite divergence
    const kept = sum[i]!;
    if (!kept) continue;
    // Σ P log P over the cut: bins before i-1 as they are, bin i-1 with the outliers added.
    const pLast = last + outliers;
    let sumPLogP = cLogC[i - 1]! + (pLast > 0 ? pLast * Math.log(pLast) : 0);
    let sumPLogQ = 0;
    for (let j = 0; j < levels; j++) {
      // Bins k with ⌊k·levels/i⌋ = j: from ⌈j·i/levels⌉ up to ⌈(j+1)·i/levels⌉.
      const start = Math.floor((j * i + levels - 1) / levels);
      const end = Math.floor(((j + 1) * i + levels - 1) / levels);
      const s = sum[end]! - sum[start]!;
      if (!s) continue;
      const mass = end === i ? s + outliers : s;
      sumPLogQ += mass * Math.log(s / (nonEmpty[end]! - nonEmpty[start]!));
    }
    // KL = Σ p·log(p/q) with p = c/total and q = spread count / kept.
    const kl = (sumPLogP - sumPLogQ) / total + Math.log(kept / total);
    if (kl < bestKl - 1e-12) (bestKl = kl), (best = i);
  }
  return best * h.width;
}
