// The heatmap toggle over the graph, and its legend: the fill scale from no time to the slowest
// node's share, and how nodes that run no kernel are drawn.
import { currentModel } from '../store/selectors.ts';
import { useKiln } from '../store/store.ts';
import { formatShare, heatColor } from './heatmap.ts';
import { runHeatmap } from './use-backend-marks.ts';

export function HeatmapControl() {
  const on = useKiln((s) => s.heatmap);
  const model = useKiln(currentModel);
  const run = useKiln((s) => s.run);
  const heat = runHeatmap(run, model);
  const available = typeof heat !== 'string';
  return (
    <div className="heatmap-control" data-testid="heatmap-control" data-available={available}>
      <button
        type="button"
        className={`toggle${on ? ' toggle--on' : ''}`}
        data-testid="heatmap-toggle"
        aria-pressed={on}
        disabled={!available && !on}
        title={available ? 'Fill each node by the measured time of its kernel' : heat}
        onClick={() => useKiln.getState().setHeatmap(!on)}
      >
        Latency heatmap
      </button>
      {on && !available && <p className="heatmap-legend__note">{heat}</p>}
      {on && available && (
        <div className="heatmap-legend" data-testid="heatmap-legend">
          <div className="heatmap-legend__title">share of kernel time (median per kernel)</div>
          <div className="heatmap-legend__scale" style={{ background: `linear-gradient(to right, ${heatColor(0)}, ${heatColor(0.5)}, ${heatColor(1)})` }} />
          <div className="heatmap-legend__ends">
            <span>0%</span>
            <span>{formatShare(heat.maxShare)}</span>
          </div>
          <div className="heatmap-legend__kinds">
            <div>
              <span className="heatmap-legend__swatch heatmap-legend__swatch--folded" /> folded at compile time, or a constant
            </div>
            <div>
              <span className="heatmap-legend__swatch heatmap-legend__swatch--view" /> a view or written in place: no kernel
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
