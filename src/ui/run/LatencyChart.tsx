// Milliseconds per timed run as they stream in, with the median as a dashed line.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { median } from './check-outputs.ts';

function chartData(latencies: readonly number[]): uPlot.AlignedData {
  const m = median(latencies);
  return [latencies.map((_, i) => i + 1), [...latencies], latencies.map(() => m)];
}

export function LatencyChart({ latencies }: { latencies: readonly number[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: Math.max(120, el.clientHeight),
        legend: { show: false },
        cursor: { y: false },
        scales: { x: { time: false }, y: { range: (_u, min, max) => [0, Math.max(max * 1.15, min + 1e-3)] } },
        axes: [
          { label: 'run', size: 30, labelSize: 14, stroke: '#6b7280', grid: { stroke: '#eef0f3' } },
          { label: 'ms', size: 48, labelSize: 14, stroke: '#6b7280', grid: { stroke: '#eef0f3' } },
        ],
        series: [{}, { label: 'latency', stroke: '#3b6fb6', width: 1.5, points: { size: 5 } }, { label: 'median', stroke: '#b2603a', dash: [6, 4], width: 1, points: { show: false } }],
      },
      chartData([]),
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: Math.max(120, el.clientHeight) }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(chartData(latencies));
  }, [latencies]);

  return <div className="latency-chart" ref={host} data-testid="latency-chart" data-points={latencies.length} />;
}
