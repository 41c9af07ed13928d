// One uPlot chart in a div that follows the div's size: made once with its options, then fed new
// data as it streams in (uPlot redraws only the canvas).
import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const MIN = { width: 200, height: 110 };

function sizeOf(el: HTMLElement): { width: number; height: number } {
  return { width: Math.max(MIN.width, el.clientWidth), height: Math.max(MIN.height, el.clientHeight) };
}

export const AXIS = { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e2e5ea' } } as const;

export function useUplot(host: RefObject<HTMLDivElement | null>, options: () => Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): void {
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const u = new uPlot({ ...options(), ...sizeOf(el) }, latest.current, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize(sizeOf(el)));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Options are fixed for the chart's life; data updates go through setData below.
  }, []);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);
}
