// The shell: toolbar on top, model and passes left, graph center, inspector right, text and run
// below, status bar last. State lives in the store; each area is its own component.
import { ChangesPanel } from './steps/ChangesPanel.tsx';
import { TextPane } from './editor/TextPane.tsx';
import { GraphCanvas } from './graph/GraphCanvas.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { DropOverlay } from './panels/DropOverlay.tsx';
import { ErrorBanner } from './panels/ErrorBanner.tsx';
import { ModelCard } from './panels/ModelCard.tsx';
import { StatusBar } from './panels/StatusBar.tsx';
import { RunPanel } from './run/RunPanel.tsx';
import { useKiln } from './store/store.ts';
import { Toolbar } from './toolbar/Toolbar.tsx';

export function App() {
  const loadStatus = useKiln((s) => s.loadStatus);
  return (
    <div className="app" data-testid="app" data-status={loadStatus}>
      <Toolbar />
      <ErrorBanner />
      <main className="workspace">
        <div className="sidebar">
          <ModelCard />
          <ChangesPanel />
        </div>
        <GraphCanvas />
        <Inspector />
      </main>
      <div className="bottom-panels">
        <TextPane />
        <RunPanel />
      </div>
      <StatusBar />
      <DropOverlay />
    </div>
  );
}
