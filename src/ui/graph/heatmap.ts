// The latency heatmap: each node filled by the measured time of the kernel(s) that compute it, as a
// share of the summed kernel time; nodes that run no kernel are marked for what they are instead.
// Pure: FlowView applies the marks, the legend reads the same scale.
import type { NodeRole, NodeRoles } from '../run/node-kernels.ts';

export type HeatMark =
  | { readonly kind: 'time'; readonly ms: number; readonly share: number; readonly fill: string; readonly ink: string }
  | { readonly kind: Exclude<NodeRole['kind'], 'kernel'> };

export interface Heatmap {
  readonly marks: ReadonlyMap<string, HeatMark>;
  /** The largest share of any node: the dark end of the scale. */
  readonly maxShare: number;
}

const COLD = [255, 243, 230] as const;
const HOT = [179, 38, 30] as const;

/** The fill for `t` in 0..1 (0: no time, 1: the slowest node). */
export function heatColor(t: number): string {
  const c = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const mix = COLD.map((from, i) => Math.round(from + (HOT[i]! - from) * c));
  return `rgb(${mix.join(', ')})`;
}

/** `medians`: per-kernel median ms in plan order. */
export function heatmapOf(roles: NodeRoles, medians: readonly number[]): Heatmap {
  const total = medians.reduce((s, ms) => s + ms, 0);
  const times = new Map<string, number>();
  const marks = new Map<string, HeatMark>();
  for (const [id, role] of roles) {
    if (role.kind === 'kernel') times.set(id, role.kernels.reduce((s, k) => s + (medians[k] ?? 0), 0));
    else marks.set(id, { kind: role.kind });
  }
  const share = (ms: number) => (total > 0 ? ms / total : 0);
  const maxShare = Math.max(0, ...[...times.values()].map(share));
  for (const [id, ms] of times) {
    const t = maxShare > 0 ? share(ms) / maxShare : 0;
    marks.set(id, { kind: 'time', ms, share: share(ms), fill: heatColor(t), ink: t > 0.55 ? '#fff' : '#1f2937' });
  }
  return { marks, maxShare };
}

/** `12.5%`, `0.3%`, `<0.1%`. */
export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct > 0 && pct < 0.1) return '<0.1%';
  return `${pct >= 10 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}
