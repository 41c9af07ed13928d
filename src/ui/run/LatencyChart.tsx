// Milliseconds per timed run as they stream in, with the median as a dashed line.
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { median } from './check-outputs.ts';
import { AXIS, useUplot } from './use-uplot.ts';

function chartData(latencies: readonly number[]): uPlot.AlignedData {
  const m = median(latencies);
  return [latencies.map((_, i) => i + 1), [...latencies], latencies.map(() => m)];
}

export function LatencyChart({ latencies }: { latencies: readonly number[] }) {
  const host = useRef<HTMLDivElement>(null);
  const data = useMemo(() => chartData(latencies), [latencies]);
  useUplot(
    host,
    () => ({
      legend: { show: false },
      cursor: { y: false },
      scales: { x: { time: false }, y: { range: (_u, min, max) => [0, Math.max(max * 1.15, min + 1e-3)] } },
      axes: [
        { ...AXIS, label: 'run', size: 30, labelSize: 14 },
        { ...AXIS, label: 'ms', size: 44, labelSize: 14 },
      ],
      series: [{}, { label: 'latency', stroke: '#3b6fb6', width: 1.5, points: { size: 5 } }, { label: 'median', stroke: '#b2603a', dash: [6, 4], width: 1, points: { show: false } }],
    }),
    data,
  );
  return <div className="run-chart__plot" ref={host} data-testid="latency-chart" data-points={latencies.length} />;
}
