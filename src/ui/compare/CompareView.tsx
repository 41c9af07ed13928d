// Two to four presets on the open model, side by side: a table of figures on top, their graphs
// below with one camera and one selection.
import { useEffect } from 'react';
import { runCompare } from '../commands/run-compare.ts';
import { useKiln } from '../store/store.ts';
import { CompareCanvas } from './CompareCanvas.tsx';
import { CompareControls } from './CompareControls.tsx';
import { MetricsTable } from './MetricsTable.tsx';

export function CompareView() {
  const status = useKiln((s) => s.compareStatus);
  const results = useKiln((s) => s.compareResults);
  const runFor = useKiln((s) => s.compareRunFor);
  const docKey = useKiln((s) => s.document?.key);

  // The first visit for a model runs the comparison; later changes wait for the Compare button.
  useEffect(() => {
    if (docKey && useKiln.getState().compareRunFor?.documentKey !== docKey) void runCompare();
  }, [docKey]);

  const presets = runFor?.presets ?? [];
  return (
    <main className="compare" data-testid="compare-view" data-status={status}>
      <CompareControls />
      <MetricsTable />
      <div className="compare__canvases" style={{ gridTemplateColumns: `repeat(${Math.max(1, presets.length)}, minmax(0, 1fr))` }}>
        {presets.map((id, column) => {
          const r = results[column];
          if (r?.status === 'done') return <CompareCanvas key={`${column}:${id}`} column={column} entry={r.entry} title={id} />;
          return (
            <div key={`${column}:${id}`} className="compare-canvas" data-testid="compare-canvas" data-column={column} data-status={r?.status ?? 'running'}>
              <div className="compare-canvas__title">{id}</div>
              <div className="graph__note">{r?.status === 'error' ? r.message : 'Running the pipeline…'}</div>
            </div>
          );
        })}
      </div>
    </main>
  );
}
