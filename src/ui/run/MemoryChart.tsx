// Live activation bytes over the kernel order (from the plan's timeline), against the plan's lower
// bound (the most bytes live at one kernel: no plan of this order uses less) and the activation
// bytes actually allocated. Hovering names the kernel; clicking selects its nodes.
import { useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { KernelPlan, MemoryStats } from '../../webgpu-backend/compile.ts';
import { formatBytes } from '../format/values.ts';
import { useKiln } from '../store/store.ts';
import { kernelLabel } from './kernel-breakdown.ts';
import { memorySeries } from './memory-series.ts';
import { AXIS, useUplot } from './use-uplot.ts';

const stepped = uPlot.paths.stepped!({ align: 1 });
/** Tick steps in whole bytes, KiB, MiB, GiB: 1, 2, 5, 10, 20, 50, … of each unit. */
const BYTE_STEPS = [0, 1, 2, 3].flatMap((u) => [1, 2, 5, 10, 20, 50, 100, 200, 500].map((m) => m * 1024 ** u));

export function MemoryChart({ plan, memory }: { plan: KernelPlan; memory: MemoryStats }) {
  const host = useRef<HTMLDivElement>(null);
  const series = useMemo(() => memorySeries(plan, memory), [plan, memory]);
  const data = useMemo<uPlot.AlignedData>(() => [series.x, series.live, series.lowerBound, series.peak], [series]);
  const [hover, setHover] = useState<number | null>(null);
  const planRef = useRef(plan);
  planRef.current = plan;

  useUplot(
    host,
    () => ({
      legend: { show: false },
      cursor: { y: false, points: { show: false } },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, max * 1.12 || 1] } },
      axes: [
        { ...AXIS, label: 'kernel', size: 30, labelSize: 14, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
        { ...AXIS, size: 64, incrs: BYTE_STEPS, values: (_u, splits) => splits.map((v) => formatBytes(v)) },
      ],
      series: [
        {},
        { label: 'live', stroke: '#3f8a5a', fill: 'rgba(63, 138, 90, 0.18)', width: 1.5, paths: stepped, points: { show: false } },
        { label: 'lower bound', stroke: '#b2603a', dash: [6, 4], width: 1, points: { show: false } },
        { label: 'allocated', stroke: '#3b6fb6', width: 1, points: { show: false } },
      ],
      hooks: {
        setCursor: [(u) => setHover(u.cursor.idx ?? null)],
        ready: [
          (u) =>
            u.over.addEventListener('click', () => {
              const k = planRef.current.kernels[Math.min(u.cursor.idx ?? -1, planRef.current.kernels.length - 1)];
              if (k && (u.cursor.idx ?? -1) >= 0) useKiln.getState().focusKernel(k.id, k.nodeIds);
            }),
        ],
      },
    }),
    data,
  );

  const k = hover !== null ? plan.kernels[Math.min(hover, plan.kernels.length - 1)] : undefined;
  return (
    <>
      <div
        className="run-chart__plot"
        ref={host}
        data-testid="memory-chart"
        data-points={plan.timeline.length}
        data-peak={memory.peakActivationBytes}
        data-lower-bound={memory.lowerBoundBytes}
        data-weights={memory.weightBytes}
      />
      <p className="run-chart__readout" data-testid="memory-readout">
        {k && hover !== null ? (
          <>
            kernel {Math.min(hover, plan.kernels.length - 1)} · {kernelLabel(k)} · <b>{formatBytes(series.live[hover] ?? 0)}</b> live
          </>
        ) : (
          <>
            <span className="swatch swatch--live" /> live <span className="swatch swatch--bound" /> bound {formatBytes(memory.lowerBoundBytes)} <span className="swatch swatch--peak" /> allocated{' '}
            {formatBytes(memory.peakActivationBytes)}
          </>
        )}
      </p>
    </>
  );
}
